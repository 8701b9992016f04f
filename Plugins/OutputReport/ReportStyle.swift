extension OutputReport {
    /// The page's style sheet.
    static let css = """
    :root{--ink:#1d2733;--muted:#6b7785;--line:#e3e8ee;--bg:#f6f8fa;--card:#fff;--accent:#3f6fd8}
    *{box-sizing:border-box}
    body{margin:0;font:15px/1.55 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif;color:var(--ink);background:var(--bg)}
    header{background:#1d2733;color:#fff;padding:22px 40px 0}
    header h1{margin:0 0 14px;font-size:26px;font-weight:650;letter-spacing:-.01em}
    nav{display:flex;gap:22px;flex-wrap:wrap}
    nav a{color:#c9d4e3;text-decoration:none;padding:8px 0 12px;border-bottom:3px solid transparent;font-size:14px}
    nav a:hover{color:#fff;border-bottom-color:var(--accent)}
    main{max-width:1180px;margin:0 auto;padding:8px 40px 40px}
    section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:22px 28px;margin:22px 0}
    h2{margin:0 0 16px;font-size:20px;font-weight:650}
    h3{margin:18px 0 8px;font-size:15px;font-weight:600}
    .cards{display:grid;grid-template-columns:repeat(4,1fr);gap:14px}
    .card{border:1px solid var(--line);border-radius:8px;padding:14px 16px;background:linear-gradient(180deg,#fff,#fafbfc)}
    .card .big{font-size:22px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
    .card .label{color:var(--muted);font-size:13px;text-transform:uppercase;letter-spacing:.04em}
    .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:8px 36px}
    .panel h3{display:flex;align-items:center;gap:8px}
    .dot{display:inline-block;width:10px;height:10px;border-radius:50%}
    svg.chart{display:block;max-width:100%;height:auto;font-size:12px;fill:var(--ink)}
    svg.chart text.v{fill:var(--muted);font-size:11px}
    .note{background:#fff8e6;border:1px solid #f0dfae;border-radius:8px;padding:10px 14px;color:#6a5410}
    .muted{color:var(--muted)}
    .scroll{max-height:560px;overflow:auto;border:1px solid var(--line);border-radius:8px}
    table{border-collapse:collapse;width:100%;font-size:14px}
    th{position:sticky;top:0;background:#eef2f6;text-align:left;font-weight:600;padding:8px 10px}
    td{border-top:1px solid var(--line);padding:7px 10px;vertical-align:top}
    td.qt{font-style:italic}
    td a{color:var(--accent);text-decoration:none}
    td a:hover{text-decoration:underline}
    table.timing{margin-top:12px;max-width:720px}
    code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f0f3f6;padding:1px 5px;border-radius:4px}
    details.index{margin:10px 0 18px}
    details.index ol{columns:2;column-gap:36px;font-size:14px;margin:10px 0}
    details.index a{color:var(--accent);text-decoration:none}
    summary{cursor:pointer;color:var(--accent);font-weight:600}
    .legend mark{margin-right:6px}
    article.doc{border-top:1px solid var(--line);padding:18px 0 6px;content-visibility:auto;contain-intrinsic-size:auto 900px}
    article.doc h3{font-size:19px;margin:0 0 4px}
    .subtitle{margin:0 0 4px;font-style:italic;color:#3b4754}
    .meta{margin:0 0 12px;color:var(--muted);font-size:13px}
    .body{white-space:pre-wrap;max-width:78ch;font-family:Georgia,"Times New Roman",serif;font-size:16px;line-height:1.6}
    p.top{text-align:right;font-size:12px;margin:4px 0}
    p.top a{color:var(--muted)}
    mark{border-radius:3px;padding:0 2px;color:inherit}
    mark.e.PER{background:#dbe6fb;box-shadow:inset 0 -2px #3f6fd8}
    mark.e.LOC{background:#d8f1e6;box-shadow:inset 0 -2px #2b9b6e}
    mark.e.ORG{background:#fbe6d2;box-shadow:inset 0 -2px #d9822b}
    mark.e.MISC{background:#ebe1f7;box-shadow:inset 0 -2px #8a5cc7}
    mark.q{background:#fdf3c4}
    mark.n{background:#e4e9ee;box-shadow:inset 0 -2px #5c7080}
    mark.d{background:#e0f3f5;box-shadow:inset 0 -2px #2a8f9c}
    footer{text-align:center;color:var(--muted);font-size:12px;padding:0 0 30px}
    @media (max-width:900px){.cards{grid-template-columns:repeat(2,1fr)}main{padding:8px 14px}}
    """
}
