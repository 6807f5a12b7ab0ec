import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fromRoot } from '../../../../test/support/paths';
import { lookupBaseImage, parseBaseImageTable, parseImageReference } from './base-images';

const table = parseBaseImageTable(JSON.parse(fs.readFileSync(fromRoot('server/data/base-images.json'), 'utf8')));
const find = (ref: string) => lookupBaseImage(table, parseImageReference(ref));

test('exact tag: measured record with its source and package list', () => {
  const m = find('python:3.12-slim-bookworm')!;
  assert.equal(m.matchedBy, 'exact');
  assert.equal(m.record.estimated, false);
  assert.equal(m.record.unpackedBytes, 124_300_000);
  assert.match(m.source, /^measured: .*repo-info/);
  assert.equal(m.packages?.length, 105);
  assert.equal(m.packagesComplete, true);
  assert.equal(m.record.eol?.app?.date, '2028-10');
});

test('family: python:3.8.6-slim-buster → python 3.8 slim on buster', () => {
  const m = find('python:3.8.6-slim-buster')!;
  assert.equal(m.matchedBy, 'family');
  assert.equal(m.record.tag, '3.8-slim-buster');
  assert.equal(m.record.estimated, true);
  assert.ok(m.record.lowBytes! < m.record.unpackedBytes! && m.record.unpackedBytes! < m.record.highBytes!);
  assert.match(m.source, /^estimate: /);
  assert.equal(m.record.eol?.os?.date, '2024-06-30');
  assert.ok(m.packages?.includes('libssl1.1'), 'buster/bullseye slim python list is the derived bullseye list');
});

test('a bare version takes the default Debian release of its line', () => {
  assert.equal(find('python:3.12')!.record.tag, '3.12-trixie');
  assert.equal(find('python:3.12-slim')!.record.tag, '3.12-slim-trixie');
  assert.equal(find('python:3.8-slim')!.record.tag, '3.8-slim-bookworm');
  assert.equal(find('python:3.12.4-slim')!.record.tag, '3.12-slim-trixie');
  assert.equal(find('python')!.record.tag, '3.14-trixie');
  assert.equal(find('python:3-alpine')!.record.tag, '3.14-alpine');
});

test('registry prefixes of Docker Hub and library/ are understood', () => {
  assert.equal(find('docker.io/library/node:22-bookworm-slim')!.matchedBy, 'exact');
  assert.equal(find('index.docker.io/library/debian:bookworm-slim')!.record.tag, 'bookworm-slim');
  assert.equal(find('debian:12-slim')!.record.tag, 'bookworm-slim');
  assert.equal(find('debian:bookworm-20260803-slim')!.record.tag, 'bookworm-slim');
  assert.equal(find('ubuntu:jammy')!.record.tag, '22.04');
  assert.equal(find('node:lts-alpine')!.record.tag, '24-alpine');
  assert.equal(find('golang:1.26.7-alpine3.24')!.record.tag, '1.26-alpine3.24');
  assert.equal(find('gcr.io/distroless/static-debian12:nonroot')!.record.image, 'gcr.io/distroless/static-debian12');
});

test('lines without data fall back to the nearest, marked derived', () => {
  const m = find('python:3.7-slim-buster')!;
  assert.equal(m.matchedBy, 'derived');
  assert.equal(m.record.tag, '3.8-slim-buster');
  assert.match(m.note!, /3\.7/);
  assert.equal(find('alpine:3.18')!.matchedBy, 'derived');
});

test('digest-only references assume the latest line and say so', () => {
  const m = lookupBaseImage(table, { repository: 'python', digest: 'sha256:abc' })!;
  assert.equal(m.record.tag, '3.14-trixie');
  assert.match(m.note!, /digest/);
});

test('unknown and private images give undefined', () => {
  assert.equal(find('registry.example.com/team/app:1'), undefined);
  assert.equal(find('myorg/python:3.12'), undefined);
  assert.equal(find('ghcr.io/astral-sh/uv:python3.12-bookworm'), undefined);
  assert.equal(find('python:3.12-windowsservercore-ltsc2022'), undefined);
  assert.equal(find('nginx:1.27'), undefined);
});

test('parseImageReference splits registry, repository, tag and digest', () => {
  assert.deepEqual(parseImageReference('localhost:5000/a/b:1.0@sha256:ff'), { registry: 'localhost:5000', repository: 'a/b', tag: '1.0', digest: 'sha256:ff' });
  assert.deepEqual(parseImageReference('python'), { repository: 'python' });
});

test('every record carries a source; estimates carry a derivation and a range', () => {
  for (const r of table.records) {
    assert.ok(r.source, `${r.image}:${r.tag} has no source`);
    if (r.estimated) {
      assert.ok(r.derivation, `${r.image}:${r.tag} has no derivation`);
      assert.ok(r.lowBytes! <= r.unpackedBytes! && r.unpackedBytes! <= r.highBytes!, `${r.image}:${r.tag} range`);
    }
    if (r.packageList) assert.ok(table.packageLists[r.packageList], `${r.image}:${r.tag} list ${r.packageList}`);
  }
});

test('complete coverage of the python, node and debian matrix', () => {
  for (const line of ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14']) {
    for (const r of ['buster', 'bullseye', 'bookworm', 'trixie']) {
      assert.ok(table.records.some((x) => x.image === 'python' && x.tag === `${line}-${r}`), `python:${line}-${r}`);
      assert.ok(table.records.some((x) => x.image === 'python' && x.tag === `${line}-slim-${r}`), `python:${line}-slim-${r}`);
    }
    assert.ok(find(`python:${line}-alpine`), `python:${line}-alpine`);
  }
  for (const major of ['18', '19', '20', '21', '22', '23', '24']) {
    for (const t of [major, `${major}-slim`, `${major}-alpine`]) assert.ok(find(`node:${t}`), `node:${t}`);
  }
});
