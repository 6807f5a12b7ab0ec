import { testFacts } from '../../../../../test/support/size-facts';
import { fromRoot } from '../../../../../test/support/paths';
import { testRule, testRuleFixtures } from '../../../../../test/support/rule-tester';
import { fullBaseImage } from './rule';

testRule(fullBaseImage, {
  valid: [
    { name: 'slim tag', code: 'FROM python:3.8.6-slim-buster\n' },
    { name: 'alpine tag', code: 'FROM python:3.12-alpine\n' },
    { name: 'full image only in the builder', code: 'FROM python:3.12 AS build\nRUN true\nFROM python:3.12-slim\n' },
    { name: 'private registry', code: 'FROM registry.example.com/python:3.12\n' },
    { name: 'unknown family', code: 'FROM golang:1.23\n' },
    { name: 'pinned by digest', code: 'FROM python:3.12@sha256:0123456789abcdef\n' },
  ],
  invalid: [
    {
      name: 'python with Debian release keeps version and release',
      code: 'FROM python:3.8.6-buster\nCMD ["python"]\n',
      lines: [1],
      data: { slim: 'python:3.8.6-slim-buster' },
      output: 'FROM python:3.8.6-slim-buster\nCMD ["python"]\n',
    },
    { name: 'python version only', code: 'FROM python:3.12\n', lines: [1], output: 'FROM python:3.12-slim\n' },
    { name: 'no tag', code: 'FROM python\n', lines: [1], output: 'FROM python:slim\n' },
    { name: 'node puts slim last', code: 'FROM node:20-bookworm AS web\n', lines: [1], output: 'FROM node:20-bookworm-slim AS web\n' },
    { name: 'debian release', code: 'FROM debian:bookworm\n', lines: [1], output: 'FROM debian:bookworm-slim\n' },
    {
      name: 'ARG in the tag keeps the ARG',
      code: 'ARG PY=3.11\nFROM python:${PY}-bookworm\n',
      lines: [2],
      output: 'ARG PY=3.11\nFROM python:${PY}-slim-bookworm\n',
    },
    {
      name: 'final stage built on a full-image stage is judged at the root',
      code: 'FROM python:3.11-bookworm AS base\nFROM base\nCMD ["python"]\n',
      lines: [1],
      output: 'FROM python:3.11-slim-bookworm AS base\nFROM base\nCMD ["python"]\n',
    },
    {
      name: 'docker.io prefix',
      code: 'FROM docker.io/library/python:3.13-trixie\n',
      lines: [1],
      output: 'FROM docker.io/library/python:3.13-slim-trixie\n',
    },
  ],
});

testRuleFixtures(fullBaseImage, fromRoot('server/src/core/rules/full-base-image/fixtures'));

// With size data the finding quotes its cost (issue 3): asserted through data, not prose.
testRule(fullBaseImage, {
  valid: [],
  invalid: [
    {
      name: 'with size data: quotes the cost',
      code: 'FROM python:3.12\nCMD ["python"]\n',
      lines: [1],
      message: /≈ \d/,
      data: { bytes: 1110000000, slimBytes: 119420000, savedBytes: 990580000 },
      options: { facts: testFacts() },
      output: 'FROM python:3.12-slim\nCMD ["python"]\n',
    },
  ],
});
