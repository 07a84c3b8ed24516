import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { join } from 'node:path';
import { NotFoundError } from '../common/errors.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { PROJECT_ROOT } from '../common/project-root.js';

/** Browser modules the door page loads, served from the installed packages (no CDN, no copy step). */
const VENDOR: Record<string, string> = {
  'idb/index.js': 'node_modules/idb/build/index.js',
  'jsqr/jsQR.js': 'node_modules/jsqr/dist/jsQR.js',
};

/** The theme colour of the design system (--brand in public/css/app.css). */
const THEME = '#c2410c';

/**
 * What makes the door page an installable app: its web manifest (one per event, the start URL being that event's
 * door page), the service worker at the site root (so it may take any door page's scope) and the vendored modules.
 */
@ApiExcludeController()
@Controller()
export class DoorAssetsController {
  @Get('door-sw.js')
  serviceWorker(@Res() res: Response) {
    res.set({ 'Cache-Control': 'no-cache', 'Content-Type': 'text/javascript; charset=utf-8' });
    res.sendFile(join(PROJECT_ROOT, 'public/js/check-in/door-sw.js'));
  }

  /** Public on purpose: browsers fetch manifests without cookies. It names no event, only its door page. */
  @Get('events/:id/check-in/manifest.webmanifest')
  manifest(@Param('id', ParseIdPipe) id: number, @Res() res: Response) {
    const icon = (size: number, purpose: 'any' | 'maskable') => ({
      src: `/assets/icons/door-${purpose === 'maskable' ? 'maskable-' : ''}${size}.png`, sizes: `${size}x${size}`, type: 'image/png', purpose,
    });
    res.type('application/manifest+json').set('Cache-Control', 'no-cache').send(JSON.stringify({
      id: `/events/${id}/check-in`, name: 'Pintu check-in · Ruang Kreatif', short_name: 'Check-in', lang: 'id',
      description: 'Check-in peserta di pintu acara, juga tanpa sinyal.',
      start_url: `/events/${id}/check-in`, scope: `/events/${id}/check-in`, display: 'standalone', orientation: 'portrait',
      theme_color: THEME, background_color: '#faf8f5',
      icons: [icon(192, 'any'), icon(512, 'any'), icon(192, 'maskable'), icon(512, 'maskable')],
    }));
  }

  @Get('assets/vendor/:pkg/:file')
  vendor(@Param('pkg') pkg: string, @Param('file') file: string, @Res() res: Response) {
    const path = VENDOR[`${pkg}/${file}`];
    if (!path) throw new NotFoundError();
    res.set({ 'Cache-Control': 'no-cache', 'Content-Type': 'text/javascript; charset=utf-8' });
    res.sendFile(join(PROJECT_ROOT, path));
  }
}
