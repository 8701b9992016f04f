#!/bin/sh
# enrich.wordcount for galley (plugin protocol v1): one awk process reads requests on stdin and answers on stdout.
# Run from the plugin folder (galley sets the working directory). Logs go to stderr.
echo "wordcount: ready" >&2
if awk -W version 2>&1 | grep -qi mawk; then
  exec awk -W interactive -f wordcount.awk   # mawk buffers its input from pipes unless told otherwise
else
  exec awk -f wordcount.awk
fi
