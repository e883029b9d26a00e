#include "app.hpp"

int main(int argc, char** argv)
{
    return ftadvisor::cli::run(argc, argv);
}
