// coleta_internal.h: helpers shared by the shim's translation units (not part of the boundary).
#pragma once
#include <cstdint>
#include <exception>
#include <new>

// Clears the per-call log capture; every entry point that can fail calls it first.
void coleta_begin_call();
// Records a formatted error (plus any error lines llama.cpp logged during the call) for
// coleta_last_error() and returns status.
int32_t coleta_fail(int32_t status, const char * fmt, ...) __attribute__((format(printf, 2, 3)));

// Every entry point runs inside these: no C++ exception may cross into the JVM.
#define COLETA_GUARD_BEGIN coleta_begin_call(); try {
#define COLETA_GUARD_END                                                                   \
    } catch (const std::bad_alloc &) {                                                     \
        return coleta_fail(COLETA_ERR_INTERNAL, "out of memory");                          \
    } catch (const std::exception & e) {                                                   \
        return coleta_fail(COLETA_ERR_INTERNAL, "llama.cpp threw: %s", e.what());          \
    } catch (...) {                                                                        \
        return coleta_fail(COLETA_ERR_INTERNAL, "llama.cpp threw an unknown exception");   \
    }
