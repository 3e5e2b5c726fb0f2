"""Evidence documents (issue #18): PDFs, Word files, emails, text, HTML and scans become `document`
records — metadata plus per-page text — so statements and memos are searched, cited by page and
linked to the staff they name like any other record. `stage.stage_documents` is the reader the
ingest pipeline uses for `kind: document` entries; `extract` holds one function per format and
`ocr` the Tesseract path for pages without a text layer."""
