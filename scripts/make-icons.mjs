#!/usr/bin/env node
// Renders public/favicon.svg into the PNG icons of the web app manifest (public/icons/), with
// Debian's Chromium. The PNGs are committed; run this again only when the favicon changes.
//   node scripts/make-icons.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';

const svg = readFileSync(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const out = (name) => new URL(`../public/icons/${name}`, import.meta.url);

// "any" icons are the favicon as it is; the maskable one fills the square with the favicon's
// blue and keeps the glyph inside the central 80 % that every mask shape leaves visible.
const icons = [
  { name: 'icon-192.png', size: 192, html: (s) => `<img src="data:image/svg+xml,${encodeURIComponent(svg)}" width="${s}" height="${s}">` },
  { name: 'icon-512.png', size: 512, html: (s) => `<img src="data:image/svg+xml,${encodeURIComponent(svg)}" width="${s}" height="${s}">` },
  {
    name: 'icon-maskable-512.png',
    size: 512,
    html: (s) =>
      `<div style="width:${s}px;height:${s}px;background:#2563eb;display:grid;place-items:center">` +
      `<img src="data:image/svg+xml,${encodeURIComponent(svg.replace('rx="6"', 'rx="0"'))}" width="${s * 0.7}" height="${s * 0.7}"></div>`,
  },
];

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
try {
  for (const { name, size, html } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}img{display:block}</style>${html(size)}`);
    await page.locator('img').evaluate((img) => img.decode());
    writeFileSync(out(name), await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    await page.close();
    console.log(`public/icons/${name}`);
  }
} finally {
  await browser.close();
}
