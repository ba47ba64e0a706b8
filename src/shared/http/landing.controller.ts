import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/decorators';

type Guides = ReadonlyMap<string, { title: string; text: string }>;

/**
 * The guides (docs/*.md) from the working directory (the repository, or /app in the image), read on the
 * first visit rather than when the module loads: a worker, a CLI or a test never pays for them.
 */
const GUIDES_DIR = join(process.cwd(), 'docs');
let guides: Guides | undefined;
const readGuides = (): Guides =>
  existsSync(GUIDES_DIR)
    ? new Map(
        readdirSync(GUIDES_DIR)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => {
            const text = readFileSync(join(GUIDES_DIR, f), 'utf8');
            return [f.replace(/\.md$/, ''), { title: /^#\s+(.+)$/m.exec(text)?.[1]?.trim() ?? f, text }] as const;
          }),
      )
    : new Map();
const GUIDES = (): Guides => (guides ??= readGuides());

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

let landing: string | undefined;
const landingPage = (): string => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Liasse</title>
<style>
body{font-family:Arial,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1e1e1e;line-height:1.5}
h1{color:#000091}h2{font-size:1.1rem;margin-top:2rem}code{background:#f0f0f0;padding:0 .2rem}
</style></head><body>
<h1>Liasse</h1>
<p>Plateforme open source de facturation électronique B2G, compatible avec l'API Chorus Pro (PISTE).
Open-source B2G e-invoicing platform, wire-compatible with the Chorus Pro API.</p>
<h2>Utiliser / Use</h2>
<ul>
<li><a href="/connexion">Se connecter</a> (sign in)</li>
<li><a href="/docs">Documentation de l'API</a> (Swagger UI: REST <code>/api/v1</code> and PISTE mode <code>/cpro</code>)</li>
<li><a href="/docs/openapi.json">OpenAPI document</a></li>
<li><a href="/health">État du service</a> (readiness)</li>
</ul>
<h2>Guides</h2>
<ul>
${[...GUIDES()].map(([name, guide]) => `<li><a href="/guides/${encodeURIComponent(name)}">${escape(guide.title)}</a></li>`).join('\n') || '<li>docs/ in the repository</li>'}
</ul>
</body></html>`;

/** `/`: what a person opening the server's address finds (links to the sign-in page, the API docs, the guides). */
@ApiExcludeController()
@Public()
@Controller()
export class LandingController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  landing(): string {
    return (landing ??= landingPage());
  }

  /** A guide as its Markdown source (every browser shows it as text). */
  @Get('guides/:name')
  @Header('content-type', 'text/markdown; charset=utf-8')
  guide(@Param('name') name: string): string {
    const guide = GUIDES().get(name);
    if (!guide) throw new NotFoundException();
    return guide.text;
  }
}
