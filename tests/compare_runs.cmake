# Output must not depend on the number of threads, nor change from run to run. Builds a
# JSON Lines stream of COPIES copies of SOURCE (good and bad lines mixed), runs COMMAND
# (evaluate, or check with its arguments, '|'-separated) over it in each of FORMATS with
# -j 1, then with -j 2 and -j 7, and twice more with the default, and requires
# byte-identical stdout and stderr every time.
#   -D BINARY=path -D SOURCE=file.jsonl -D SCRATCH=dir -D COPIES=n -D COMMAND=evaluate
#   -D FORMATS=text|json|jsonl|markdown
file(READ "${SOURCE}" lines)
set(stream "")
foreach(i RANGE 1 ${COPIES})
  string(APPEND stream "${lines}")
endforeach()
file(MAKE_DIRECTORY "${SCRATCH}")
file(WRITE "${SCRATCH}/stream.jsonl" "${stream}")

string(REPLACE "|" ";" command "${COMMAND}")
string(REPLACE "|" ";" formats "${FORMATS}")
foreach(format IN LISTS formats)
  set(reference "")
  foreach(jobs 1 2 7 default default)
    set(job_args -j ${jobs})
    if(jobs STREQUAL "default")
      set(job_args "")
    endif()
    execute_process(
      COMMAND "${BINARY}" --format ${format} ${command} ${job_args} "${SCRATCH}/stream.jsonl"
      OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE code)
    if(NOT code EQUAL 2)
      message(FATAL_ERROR "--format ${format} -j ${jobs}: expected exit code 2 (bad lines), got ${code}")
    endif()
    string(LENGTH "${out}" out_length)
    if(out_length LESS 1000)
      message(FATAL_ERROR "--format ${format} -j ${jobs}: output too short (${out_length} bytes)")
    endif()
    if(reference STREQUAL "")
      set(reference "${out}")
      set(reference_err "${err}")
    elseif(NOT out STREQUAL reference OR NOT err STREQUAL reference_err)
      file(WRITE "${SCRATCH}/expected.txt" "${reference}${reference_err}")
      file(WRITE "${SCRATCH}/actual.txt" "${out}${err}")
      message(FATAL_ERROR "--format ${format} -j ${jobs}: output differs from -j 1; see ${SCRATCH}")
    endif()
  endforeach()
endforeach()
