#ifndef WIRELAB_FUZZCHECK_H
#define WIRELAB_FUZZCHECK_H

#include <cstdio>
#include <cstdlib>

// An invariant of a fuzz target: on failure, say which and abort, so that libFuzzer (or
// the corpus runner in a normal build) reports the input.
#define WIRELAB_FUZZ_CHECK(condition)                                                            \
    do {                                                                                          \
        if (!(condition)) {                                                                       \
            std::fprintf(stderr, "fuzz check failed: %s at %s:%d\n", #condition, __FILE__,         \
                         __LINE__);                                                                \
            std::abort();                                                                         \
        }                                                                                         \
    } while (false)

#endif // WIRELAB_FUZZCHECK_H
