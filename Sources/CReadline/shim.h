#ifndef GALLEY_CREADLINE_SHIM_H
#define GALLEY_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
/// The readline version as a number (0x0802 for 8.2); a function so Swift 6 can read it safely.
static inline int galley_readline_version(void) { return rl_readline_version; }

/// The line being edited (readline's rl_line_buffer); read only from readline's own thread.
static inline const char *galley_line_buffer(void) { return rl_line_buffer; }
/// Installs the completion function readline calls on TAB.
static inline void galley_set_completer(char **(*completer)(const char *, int, int)) { rl_attempted_completion_function = completer; }
/// Tells readline not to fall back to file-name completion after our completer ran.
static inline void galley_completion_over(void) { rl_attempted_completion_over = 1; }
/// The character readline appends after a unique completion (0 for none, e.g. after a folder's '/').
static inline void galley_set_completion_append(int c) { rl_completion_append_character = c; }
/// Lets the REPL handle SIGINT itself instead of readline's handlers.
static inline void galley_no_signal_handlers(void) { rl_catch_signals = 0; }
/// Sets the name used for conditional parts of ~/.inputrc.
static inline void galley_set_readline_name(const char *name) { rl_readline_name = name; }
/// Drops the partly typed line after ^C and shows a fresh prompt.
static inline void galley_cancel_line(void) {
    rl_free_line_state();
    rl_callback_sigcleanup();
    rl_replace_line("", 0);
    rl_point = 0;
    rl_end = 0;
    fputs("^C", rl_outstream ? rl_outstream : stdout);
    rl_crlf();
    rl_on_new_line();
    rl_redisplay();
}
#endif
