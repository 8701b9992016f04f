# Reads galley plugin-protocol requests, one JSON object per line, and answers with counts of the document's text.
# galley writes "id" first and the document's "text" as the first "text" key after "document", so no JSON parser is needed.
function reply(s) { print s; fflush() }
function param(name, dflt,   p, rest, q) {
  p = index($0, "\"params\":{")
  if (p == 0) return dflt
  rest = substr($0, p)
  p = index(rest, "\"" name "\":\"")
  if (p == 0 || p > index(rest, "\"document\":")) return dflt
  rest = substr(rest, p + length(name) + 4)
  q = index(rest, "\"")
  return substr(rest, 1, q - 1)
}
/"type":"hello"/ { reply("{\"type\":\"hello\",\"protocol\":1,\"stages\":[\"enrich.wordcount\"]}"); next }
{
  if (!match($0, /^\{"id":[0-9]+/)) { print "wordcount: cannot read the request id" > "/dev/stderr"; next }
  id = substr($0, 7, RLENGTH - 6)
  field = param("field", "wordcount")
  rest = substr($0, index($0, "\"document\":{"))
  t = index(rest, "\"text\":\"")
  text = ""
  if (t > 0) {
    rest = substr(rest, t + 8)
    gsub(/\\\\/, "\001", rest)        # escaped backslashes out of the way
    gsub(/\\"/, "\002", rest)         # escaped quotes too: the next quote ends the text
    text = substr(rest, 1, index(rest, "\"") - 1)
    gsub(/\\n/, "\n", text)
    gsub(/\\[rt]/, " ", text)
  }
  words = split(text, w, " ")
  n = split(text, paras, "\n\n")
  paragraphs = 0; longest = 0
  for (i = 1; i <= n; i++) {
    c = split(paras[i], pw, " ")
    if (c > 0) { paragraphs++; if (c > longest) longest = c }
  }
  reply("{\"id\":" id ",\"fields\":{\"" field "\":{\"words\":" words ",\"paragraphs\":" paragraphs ",\"longest_paragraph_words\":" longest "}}}")
}
