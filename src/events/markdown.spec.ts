import { renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders the Markdown organisers write: headings, lists, emphasis and links', () => {
    const html = renderMarkdown('## Materi\n\n- **Foto produk** dengan ponsel\n- Lihat https://pos.co.id\n\n[Daftar SiHalal](https://ptsp.halal.go.id)');
    expect(html).toContain('<h2>Materi</h2>');
    expect(html).toContain('<li><strong>Foto produk</strong> dengan ponsel</li>');
    expect(html).toContain('<a href="https://pos.co.id" rel="nofollow ugc noopener noreferrer">https://pos.co.id</a>');
    expect(html).toContain('<a href="https://ptsp.halal.go.id" rel="nofollow ugc noopener noreferrer">Daftar SiHalal</a>');
  });

  it('escapes raw HTML such as <script> instead of passing it through', () => {
    const html = renderMarkdown('Halo <script>alert("x")</script> <img src=x onerror="alert(1)"> <b>tebal</b>');
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('neutralises javascript: and data: links, in any letter case', () => {
    const html = renderMarkdown('[klik](javascript:alert(1)) [lagi](JaVaScRiPt:alert(2)) [data](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(3)>');
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).not.toMatch(/href="data:/i);
    expect(html).not.toContain('<a');
  });

  it('gives nothing for an empty description', () => {
    expect(renderMarkdown('')).toBe('');
    expect(renderMarkdown(null)).toBe('');
  });
});
