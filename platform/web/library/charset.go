package library

// A plain-text attachment is served with its own bytes (so that its SHA-256,
// its length and a download stay those of the file uploaded) and the
// charset it is written in (extract.Charset, the one text extraction
// decodes it with), which browsers decode: UTF-8, UTF-16 with its byte-order
// mark, or one of the Cyrillic code pages in which Russian and Central Asian
// texts were written before UTF-8. Converting to UTF-8 would serve other
// bytes than the file's; every browser knows these charsets.

// charsetHead is how much of a text file the charset is decided from.
const charsetHead = 256 << 10
