#ifndef GALLEY_CREADLINE_SHIM_H
#define GALLEY_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
/// The readline version as a number (0x0802 for 8.2); a function so Swift 6 can read it safely.
static inline int galley_readline_version(void) { return rl_readline_version; }
#endif
