import MarkdownIt from 'markdown-it';

/**
 * Organisers write descriptions in Markdown. Raw HTML is never passed through (`html: false` escapes it), and
 * markdown-it's link validation drops `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  // Links written by organisers leave the site: no referrer, no ranking credit.
  tokens[idx].attrSet('rel', 'nofollow ugc noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Safe HTML for an event description. */
export function renderMarkdown(source: string | null | undefined): string {
  return source ? md.render(source) : '';
}
