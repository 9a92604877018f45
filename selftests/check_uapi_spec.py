#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that Documentation/netlink/specs/hnet.yaml agrees with uapi/linux/hnet.h.

The header is read twice: a small regex reader finds the names (enums and
their members, #defines, the type hints in the member comments), and a C
program generated from those names, compiled against the header, prints the
values the compiler actually assigns.  The spec is rendered the way a YNL
generator (protocol genetlink or genetlink-c) would derive C names and
numbers from it.  Both sides are printed as text and compared; on a
mismatch the unified diff is printed and the exit status is 1.

Notifications that reuse the number of the command making the change (an
operation with notify: or event: whose explicit value is an earlier
command's) are aliases: a YNL generator renders them as extra names of that
value (HNET_CMD_NETWORK_NEW_NTF = 3), which the header need not spell; they
are checked (a notification, value of an earlier command, a multicast
group) and left out of the comparison.  The enum and its *_MAX must come
out the same with them (an alias last would move __*_MAX).

With --schema-dir (default build/ynl/Documentation/netlink, from make ynl,
when there), the spec is also validated against the kernel's JSON schema
for its protocol (DIR/<protocol>.yaml, python3-jsonschema).

Exit status: 0 agree, 1 mismatch, 2 usage or environment error (missing
file, PyYAML, C compiler).
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    sys.stderr.write('check_uapi_spec: PyYAML missing (apt-get install python3-yaml)\n')
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def shown(path):
    """A path as the diff shows it: relative to the tree when inside it."""
    path = os.path.abspath(path)
    if path.startswith(TOP + os.sep):
        return os.path.relpath(path, TOP)
    return path


def c_upper(name):
    return name.upper().replace('-', '_')


def c_lower(name):
    return name.lower().replace('-', '_')


class Problems:
    def __init__(self):
        self.items = []

    def add(self, msg):
        self.items.append(msg)


# ---------------------------------------------------------------- header side

def parse_header(path):
    """Names only: enums (tag -> [(member, comment)]) and #defines."""
    raw = open(path, encoding='utf-8').read()
    enums = {}
    enum_order = []
    for m in re.finditer(r'\benum\s+(\w+)\s*\{(.*?)\}\s*;', raw, flags=re.S):
        tag, body = m.group(1), m.group(2)
        members = []
        # Walk the body line by line, carrying a member's trailing comment
        # (which may continue on following lines) along with it.
        body = re.sub(r'/\*(.*?)\*/',
                      lambda c: '/*' + ' '.join(c.group(1).split()) + '*/',
                      body, flags=re.S)
        for line in body.split('\n'):
            cm = re.search(r'/\*(.*?)\*/', line)
            comment = cm.group(1).strip() if cm else ''
            code = re.sub(r'/\*.*?\*/', '', line).strip()
            for part in code.split(','):
                part = part.strip()
                if not part:
                    continue
                mm = re.match(r'^([A-Za-z_]\w*)\s*(=.*)?$', part)
                if not mm:
                    raise SystemExit(f'check_uapi_spec: cannot read enum {tag} member "{part}"')
                members.append((mm.group(1), comment))
        enums[tag] = members
        enum_order.append(tag)
    defines = []
    code = re.sub(r'/\*.*?\*/', '', raw, flags=re.S)
    for m in re.finditer(r'^\s*#\s*define\s+(\w+)(?:[ \t]+(.*?))?\s*$', code, flags=re.M):
        defines.append((m.group(1), (m.group(2) or '').strip()))
    return enums, enum_order, defines


def header_values(header, enums, defines, cc):
    """Compile a program that prints every enum member and #define."""
    lines = ['#include <stdio.h>', f'#include "{os.path.abspath(header)}"', '',
             'int main(void)', '{']
    for tag, members in enums.items():
        for name, _ in members:
            lines.append(f'\tprintf("E {name} %lld\\n", (long long){name});')
    for name, body in defines:
        if not body or name.startswith('_'):
            continue        # include guard and the like
        if body.startswith('"'):
            lines.append(f'\tprintf("S {name} %s\\n", {name});')
        else:
            lines.append(f'\tprintf("I {name} %lld\\n", (long long)({name}));')
    lines += ['\treturn 0;', '}', '']
    tmp = tempfile.mkdtemp(prefix='hnet-uapi-')
    try:
        src = os.path.join(tmp, 'uapi_values.c')
        exe = os.path.join(tmp, 'uapi_values')
        with open(src, 'w') as f:
            f.write('\n'.join(lines))
        res = subprocess.run([cc, '-std=gnu11', '-Wall', '-Wextra', '-Werror', '-o', exe, src],
                             capture_output=True, text=True)
        if res.returncode:
            sys.stderr.write(res.stdout + res.stderr)
            raise SystemExit('check_uapi_spec: the header does not compile standalone in userspace')
        out = subprocess.run([exe], capture_output=True, text=True, check=True).stdout
    finally:
        shutil.rmtree(tmp)
    ints, strs = {}, {}
    for line in out.splitlines():
        kind, name, val = line.split(' ', 2)
        if kind == 'S':
            strs[name] = val
        else:
            ints[name] = int(val)
    return ints, strs


# Type words the header comments use, mapped to what the spec must say.
COMMENT_TYPES = [
    (r'^in_addr\b', {'type': 'u32', 'byte-order': 'big-endian'}),
    (r'^6 bytes\b', {'type': 'binary', 'exact-len': 6}),
    (r'^(u8|u16|u32|u64|s8|s16|s32|s64|string|nest|flag|binary)\b', None),
]


def comment_expect(comment):
    for pat, want in COMMENT_TYPES:
        m = re.match(pat, comment)
        if m:
            if want is None:
                want = {'type': m.group(1)}
            want = dict(want)
            if re.search(r'\bmulti-attr\b', comment):
                want['multi-attr'] = True
            n = re.search(r'\bnest:\s*(\w+?)_\*', comment)
            if n:
                want['nest-prefix'] = n.group(1) + '_'
            return want
    return None


# ------------------------------------------------------------------ spec side

def const_value(spec, consts, val):
    """Resolve an integer or 'name' / 'name - 1' as len-or-define allows."""
    if isinstance(val, int):
        return val
    m = re.match(r'^([0-9A-Za-z_-]+)( - 1)?$', str(val))
    if m and m.group(1) in consts:
        return consts[m.group(1)] - (1 if m.group(2) else 0)
    return None


def render_spec(spec, problems):
    """Derive C names and values the way YNL does.

    Returns blocks: enum tag -> list of 'NAME = value' lines (with the
    sentinel and max define), plus a list of '#define' lines and per-attribute
    info for the comment cross-check.
    """
    fam = spec['name']
    proto = spec.get('protocol', 'genetlink')
    if proto not in ('genetlink', 'genetlink-c', 'genetlink-legacy'):
        problems.add(f'spec: protocol "{proto}" is not genetlink, genetlink-c or genetlink-legacy')
    defines = []
    blocks = {}
    attr_info = {}

    fam_key = c_upper(spec.get('c-family-name', f'{fam}-family-name'))
    ver_key = c_upper(spec.get('c-version-name', f'{fam}-family-version'))
    defines.append(f'{fam_key} "{fam}"')
    defines.append(f'{ver_key} {spec.get("version", 1)}')

    consts = {}
    for d in spec.get('definitions', []):
        if d['type'] == 'const':
            consts[d['name']] = d['value']
            defines.append(f'{c_upper(fam + "-" + d["name"])} {d["value"]}')
        else:
            problems.add(f'spec: definition {d["name"]}: type {d["type"]} not checked by this test')

    groups = set()
    for g in spec.get('mcast-groups', {}).get('list', []):
        groups.add(g['name'])
        key = c_upper(g.get('c-define-name', f'{fam}-mcgrp-{g["name"]}'))
        defines.append(f'{key} "{g["name"]}"')

    sets = {}
    for s in spec['attribute-sets']:
        if s['name'] in sets:
            problems.add(f'spec: attribute set {s["name"]} defined twice')
        sets[s['name']] = s

    def prefix_of(s):
        if 'name-prefix' in s:
            return c_upper(s['name-prefix'])
        pfx = f'{fam}-a-'
        if s['name'] != fam:
            pfx += s['name'] + '-'
        return c_upper(pfx)

    def close(lines, pfx_cnt, pfx_max, last, cnt_name=None, max_name=None):
        cnt = c_upper(cnt_name) if cnt_name else f'__{pfx_cnt}MAX'
        mx = c_upper(max_name) if max_name else f'{pfx_max}MAX'
        lines.append(f'{cnt} = {last + 1}')
        lines.append(f'{mx} = {last}')

    for s in spec['attribute-sets']:
        if 'subset-of' in s:
            continue
        pfx = prefix_of(s)
        tag = c_lower(s.get('enum-name', f'{fam}-{s["name"]}-attrs'))
        lines = []
        val = 1
        seen = set()
        for a in s['attributes']:
            if 'value' in a:
                val = a['value']
            name = pfx + c_upper(a['name'])
            if a['name'] in seen:
                problems.add(f'spec: set {s["name"]}: attribute {a["name"]} twice')
            seen.add(a['name'])
            lines.append(f'{name} = {val}')
            attr_info[name] = (s['name'], a)
            t = a.get('type')
            if t == 'nest':
                ns = a.get('nested-attributes')
                if ns not in sets:
                    problems.add(f'spec: {s["name"]}.{a["name"]}: nested-attributes "{ns}" is no attribute set')
            elif a.get('nested-attributes'):
                problems.add(f'spec: {s["name"]}.{a["name"]}: nested-attributes on a {t}')
            for ck, cv in a.get('checks', {}).items():
                if ck in ('min-len', 'max-len', 'exact-len') and const_value(spec, consts, cv) is None:
                    problems.add(f'spec: {s["name"]}.{a["name"]}: {ck} "{cv}" is no number or const')
            val += 1
        close(lines, pfx, pfx, val - 1, s.get('attr-cnt-name'), s.get('attr-max-name'))
        if tag in blocks:
            problems.add(f'spec: enum {tag} used twice')
        blocks[tag] = lines

    ops = spec['operations']
    if ops.get('enum-model', 'unified') != 'unified':
        problems.add('spec: operations enum-model must be unified')
    opfx = c_upper(ops.get('name-prefix', f'{fam}-cmd-'))
    otag = c_lower(ops.get('enum-name', f'{fam}-commands'))
    lines = []
    aliases = []
    cmd_values = {}         # value -> name, commands and reserved entries
    op_names = [o['name'] for o in ops['list']]
    val = 1
    for op in ops['list']:
        if 'value' in op:
            val = op['value']
        is_ntf = 'notify' in op or 'event' in op
        if is_ntf and 'value' in op and val in cmd_values:
            # A notification sent with the number of the command.
            aliases.append(f'{opfx}{c_upper(op["name"])} = {val} '
                           f'(alias of {opfx}{c_upper(cmd_values[val])})')
        else:
            if val in cmd_values:
                problems.add(f'spec: op {op["name"]}: value {val} already used by '
                             f'{cmd_values[val]}, and it is no notification')
            cmd_values[val] = op['name']
            lines.append(f'{opfx}{c_upper(op["name"])} = {val}')
        aset = op.get('attribute-set')
        if aset is not None and aset not in sets:
            problems.add(f'spec: op {op["name"]}: attribute-set "{aset}" unknown')
        for mode in ('do', 'dump'):
            for part in ('request', 'reply'):
                names = op.get(mode, {}).get(part, {}).get('attributes', [])
                known = {a['name'] for a in sets.get(aset, {}).get('attributes', [])}
                for n in names:
                    if n not in known:
                        problems.add(f'spec: op {op["name"]} {mode} {part}: "{n}" not in set {aset}')
        for n in op.get('event', {}).get('attributes', []):
            known = {a['name'] for a in sets.get(aset, {}).get('attributes', [])}
            if n not in known:
                problems.add(f'spec: op {op["name"]} event: "{n}" not in set {aset}')
        if 'mcgrp' in op and op['mcgrp'] not in groups:
            problems.add(f'spec: op {op["name"]}: mcgrp "{op["mcgrp"]}" is no multicast group')
        if is_ntf and 'mcgrp' not in op:
            problems.add(f'spec: notification {op["name"]} names no mcgrp')
        if 'notify' in op:
            target = next((o for o in ops['list'] if o['name'] == op['notify']), None)
            if target is None:
                problems.add(f'spec: op {op["name"]}: notify "{op["notify"]}" unknown')
            elif 'reply' not in target.get('do', {}):
                problems.add(f'spec: op {op["name"]}: notify "{op["notify"]}" has no do reply')
        if 'event' in op and aset is None:
            problems.add(f'spec: event {op["name"]} has no attribute-set')
        val += 1
    if len(set(op_names)) != len(op_names):
        problems.add('spec: an operation name is used twice')
    close(lines, opfx, opfx, val - 1, spec.get('cmd-cnt-name'), spec.get('cmd-max-name'))
    blocks[otag] = lines

    return blocks, defines, attr_info, sets, prefix_of, consts, aliases


def check_schema(spec, schema_dir, problems):
    """Validate against the kernel's schema; returns what was done."""
    proto = spec.get('protocol', 'genetlink')
    path = os.path.join(schema_dir, f'{proto}.yaml')
    if not os.path.isfile(path):
        return f'schema not checked ({shown(path)} missing: make ynl)'
    try:
        import jsonschema
    except ImportError:
        return 'schema not checked (python3-jsonschema missing)'
    schema = yaml.safe_load(open(path, encoding='utf-8'))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(spec),
                    key=lambda e: list(e.absolute_path))
    for e in errors:
        where = '.'.join(str(x) for x in e.absolute_path) or '(top)'
        problems.add(f'spec: schema {proto}.yaml: {where}: {e.message}')
    return f'valid against {shown(path)}'


# ---------------------------------------------------------------- comparison

def render_header(enums, enum_order, defines, ints, strs):
    blocks = {}
    for tag in enum_order:
        lines = []
        members = [n for n, _ in enums[tag]]
        for n in members:
            lines.append(f'{n} = {ints[n]}')
        # The *_MAX define that goes with the enum's __*_MAX sentinel.
        for n in members:
            if n.startswith('__') and n.endswith('_MAX') and n[2:] in ints:
                lines.append(f'{n[2:]} = {ints[n[2:]]}')
        blocks[tag] = lines
    dlines = []
    enum_max = {n[2:] for ms in enums.values() for n, _ in ms if n.startswith('__')}
    for name, body in defines:
        if name in enum_max or not body or name.startswith('_'):
            continue
        if name in strs:
            dlines.append(f'{name} "{strs[name]}"')
        else:
            dlines.append(f'{name} {ints[name]}')
    return blocks, dlines


def check_comments(enums, attr_info, sets, prefix_of, consts, spec, problems):
    """Cross-check the type hints in the header comments with the spec."""
    for tag, members in enums.items():
        for name, comment in members:
            want = comment_expect(comment)
            if not want or name not in attr_info:
                continue
            sname, a = attr_info[name]
            where = f'{name} (spec {sname}.{a["name"]})'
            if a.get('type') != want['type']:
                problems.add(f'{where}: header says {want["type"]}, spec type {a.get("type")}')
            if want.get('byte-order') and a.get('byte-order') != want['byte-order']:
                problems.add(f'{where}: header says in_addr, spec lacks byte-order: big-endian')
            if 'exact-len' in want:
                got = const_value(spec, consts, a.get('checks', {}).get('exact-len'))
                if got != want['exact-len']:
                    problems.add(f'{where}: header says {want["exact-len"]} bytes, spec exact-len {got}')
            if bool(a.get('multi-attr')) != bool(want.get('multi-attr')):
                problems.add(f'{where}: multi-attr differs (header {bool(want.get("multi-attr"))}, '
                             f'spec {bool(a.get("multi-attr"))})')
            if 'nest-prefix' in want:
                ns = sets.get(a.get('nested-attributes'))
                got = prefix_of(ns) if ns else None
                if got != want['nest-prefix']:
                    problems.add(f'{where}: header nests {want["nest-prefix"]}*, spec nests {got}*')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--spec', default=os.path.join(TOP, 'Documentation/netlink/specs/hnet.yaml'))
    ap.add_argument('--header', default=os.path.join(TOP, 'uapi/linux/hnet.h'))
    ap.add_argument('--cc', default=os.environ.get('CC', 'gcc'))
    ap.add_argument('--schema-dir', default=os.path.join(TOP, 'build/ynl/Documentation/netlink'),
                    help='directory of the kernel\'s netlink schemas (<protocol>.yaml)')
    ap.add_argument('-v', '--verbose', action='store_true', help='print both renderings')
    args = ap.parse_args()

    for p in (args.spec, args.header):
        if not os.path.isfile(p):
            sys.stderr.write(f'check_uapi_spec: {p}: no such file\n')
            return 2
    if not shutil.which(args.cc):
        sys.stderr.write(f'check_uapi_spec: C compiler "{args.cc}" not found\n')
        return 2

    problems = Problems()
    spec = yaml.safe_load(open(args.spec, encoding='utf-8'))
    enums, enum_order, hdefines = parse_header(args.header)
    ints, strs = header_values(args.header, enums, hdefines, args.cc)
    sblocks, sdefines, attr_info, sets, prefix_of, consts, aliases = render_spec(spec, problems)
    schema_note = check_schema(spec, args.schema_dir, problems)
    hblocks, hdlines = render_header(enums, enum_order, hdefines, ints, strs)

    hlines, slines = [], []
    for tag in enum_order + sorted(set(sblocks) - set(enum_order)):
        hl = [f'enum {tag}'] + ['\t' + x for x in hblocks.get(tag, ['(missing)'])]
        sl = [f'enum {tag}'] + ['\t' + x for x in sblocks.get(tag, ['(missing)'])]
        hlines += hl
        slines += sl
    hd = sorted(hdlines)
    sd = sorted(sdefines)
    hlines += ['#define ' + x for x in hd]
    slines += ['#define ' + x for x in sd]

    check_comments(enums, attr_info, sets, prefix_of, consts, spec, problems)

    if args.verbose:
        print('\n'.join(slines))
        print('\n'.join('alias ' + a for a in aliases))
    diff = list(difflib.unified_diff(hlines, slines, shown(args.header),
                                     shown(args.spec), lineterm='', n=2))
    nattrs = sum(len(v) for v in sblocks.values())
    if diff or problems.items:
        if diff:
            print('header (-) and spec (+) disagree:')
            print('\n'.join(diff))
        for p in problems.items:
            print('problem: ' + p)
        return 1
    print(f'{shown(args.spec)} agrees with {shown(args.header)}: '
          f'{len(sblocks)} enums, {nattrs} names, {len(sdefines)} defines, '
          f'{len(aliases)} notification aliases; {schema_note}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
