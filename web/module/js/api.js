// pcusers-core: the core's functions for JS apps, plain objects in and out. Arguments are
// type-checked here, written as UTF-8 into the module's input area, and answered as JSON
// text by the same C++ code native tests run (web/module/src/json_api.hpp). decide() and
// parseInviteList(), called per keystroke or table row, use the byte form of wire.hpp when
// the input is one the JSON reader would take unchanged; anything else goes through JSON.
//
// Sections: argument checks · the input area · decide() in bytes · invite list from bytes
//           · the API

const encoder = new TextEncoder();
// ignoreBOM: a U+FEFF at the start of an item is part of it (the JSON path keeps it too).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// Strings longer than this are refused where no limit of the core allows cutting them short.
const STRING_MAX = 1 << 20;

// ---- argument checks ------------------------------------------------------------------

function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function requireString(value, what) {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  return value;
}

function requireLength(text, what) {
  if (text.length > STRING_MAX) throw new RangeError(`${what} is longer than ${STRING_MAX} characters`);
  return text;
}

// JSON text of a plain value; cycles, BigInts, undefined and functions are TypeErrors.
// What went wrong, whatever was thrown: an Error's message, or the thrown value as text.
function reasonOf(error) {
  return error instanceof Error ? error.message : String(error);
}

function jsonText(value, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`${what} cannot be written as JSON: ${reasonOf(error)}`);
  }
  if (text === undefined) throw new TypeError(`${what} must be a JSON value such as an object, got ${describe(value)}`);
  return text;
}

// A text longer than `max` UTF-16 units has more than `max` UTF-8 bytes, so the core answers
// "too long" for it whatever follows; handing over max + 1 units gives that same answer.
function cut(text, max) {
  return text.length > max ? text.slice(0, max + 1) : text;
}

// ---- the input area -------------------------------------------------------------------

function inputArea(raw) {
  const view = { heap: null, start: 0, end: 0 };
  let size = 1 << 16;
  let address = raw.input(size);
  // Room for `units` UTF-16 units as UTF-8 (at most 3 bytes each); returns the heap view,
  // read afresh because growing the memory replaces it.
  const reserve = (units) => {
    if (units * 3 > size) {
      size = units * 3;
      address = raw.input(size);
    }
    return raw.HEAPU8;
  };
  return {
    // Writes one text at the start of the area; returns its UTF-8 length.
    write(text) {
      const heap = reserve(text.length);
      return encoder.encodeInto(text, heap.subarray(address, address + size)).written;
    },
    // Writes two texts one after the other; returns both lengths.
    writeTwo(first, second) {
      const heap = reserve(first.length + second.length);
      const a = encoder.encodeInto(first, heap.subarray(address, address + size)).written;
      return [a, encoder.encodeInto(second, heap.subarray(address + a, address + size)).written];
    },
    // The heap and the area's bounds, in one object reused call after call. The module object
    // is slow to read (V8 keeps it as a dictionary), so its heap view is read again only once
    // growing the memory has detached the one kept (its length is then 0).
    view() {
      if (view.heap === null || view.heap.length === 0) view.heap = raw.HEAPU8;
      view.start = address;
      view.end = address + size;
      return view;
    },
  };
}

// ---- decide() in bytes ----------------------------------------------------------------

// Thrown inside the encoder when an input is not plainly valid, or does not fit in what is left
// of the input area; decide() then asks via JSON, decideMany() sends what it has and goes on.
// Any other error (a getter's own) also means "ask via JSON", whose answer, a TypeError from
// JSON.stringify, is the one both ways give.
const NOT_PLAIN = Symbol('not plain');
const FULL = Symbol('input area full');

// A record is what JSON.stringify writes as its own members: an object without toJSON whose
// prototype is Object.prototype or null. The check is written out where each kind of object is
// read, `toJSON` first (see decisionEncoder):
//   if (!isObject(x) || x.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(x))) ...
const isObject = (value) => typeof value === 'object' && value !== null;
const plainPrototype = (proto) => proto === Object.prototype || proto === null;

function plainArray(value, max) {
  if (!Array.isArray(value) || value.toJSON !== undefined || value.length > max) throw NOT_PLAIN;
  return value;
}

// Names to their index in the core's order. The keys are made internalized strings (as
// property keys are), so that a name written in the caller's source (also internalized) can
// match by identity instead of by comparing characters.
function indexOf(names) {
  return new Map(names.map((name, i) => [Object.keys({ [name]: 0 })[0], i]));
}

// Writes a decision request in the byte form of wire.hpp, for inputs that read() accepts
// as they are: known members only, right types, known names, strings of printable-or-not
// ASCII within the limits, and JSON text surely within json_max. Returns the byte length.
//
// Speed (docs/performance.md, JS module): V8 learns the shapes of objects per place in the
// code. One shared record check saw every object of a request and took V8's slow generic
// paths (a third of the encoder's time); written where each kind of object is read, the
// `toJSON` look-up sees one to four shapes and costs a map check, and from those known
// shapes Object.getPrototypeOf becomes a constant.
function decisionEncoder(facts, area) {
  const actions = indexOf(facts.actions);
  const kinds = indexOf(facts.actor_kinds);
  const types = indexOf(facts.user_types);
  const roles = indexOf(facts.roles);
  const levels = indexOf(facts.levels);
  const areas = indexOf(facts.account_areas);
  const permissions = indexOf(facts.product_permissions);
  const { id_max: idMax, product_max: productMax, json_max: jsonMax, roles_max: rolesMax,
          groups_max: groupsMax, product_rows_max: rowsMax } = facts;
  let heap, at, end, jsonBound;

  function byte(v) {
    if (at >= end) throw FULL;
    heap[at++] = v;
  }
  function u16(v) {
    byte(v & 0xff);
    byte(v >> 8);
  }
  // A user string: ASCII only, so its UTF-16 length is its byte length; escaping can make
  // each character six bytes of JSON.
  function string(s, max) {
    if (typeof s !== 'string' || s.length > max) throw NOT_PLAIN;
    const n = s.length, h = heap;
    let i = at;
    if (i + 2 + n > end) throw FULL;
    h[i++] = n & 0xff;
    h[i++] = n >> 8;
    for (let k = 0; k < n; ++k) {
      const c = s.charCodeAt(k);
      if (c > 0x7f) throw NOT_PLAIN;
      h[i++] = c;
    }
    at = i;
    jsonBound += 6 * n + 4;
  }
  function name(index, value) {
    const i = index.get(value);
    if (i === undefined) throw NOT_PLAIN;
    jsonBound += value.length + 4;
    return i;
  }

  function noAccess() {
    byte(0); // role bits
    byte(0); // account levels
    u16(0); // product rows
  }

  // Writes a record of name: level as (index, level) pairs.
  function levelPairs(record, index) {
    if (!isObject(record) || record.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(record))) {
      throw NOT_PLAIN;
    }
    const countAt = at;
    byte(0);
    let count = 0;
    for (const key in record) {
      const v = record[key];
      if (v === undefined) continue;
      byte(name(index, key));
      byte(name(levels, v));
      ++count;
    }
    heap[countAt] = count;
  }

  // Members are read by name (fast, one shape per call site); a loop over the keys only
  // proves there are no others. A key whose value is undefined (left out by JSON) is fine.
  function access(a) {
    if (!isObject(a) || a.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(a))) throw NOT_PLAIN;
    for (const key in a) {
      if (key !== 'roles' && key !== 'account' && key !== 'products' && a[key] !== undefined) throw NOT_PLAIN;
    }
    jsonBound += 48;
    const roleNames = a.roles, account = a.account, products = a.products;
    let roleBits = 0;
    if (roleNames !== undefined) {
      plainArray(roleNames, rolesMax);
      for (let i = 0; i < roleNames.length; ++i) roleBits |= 1 << name(roles, roleNames[i]);
    }
    byte(roleBits);
    if (account === undefined) byte(0);
    else levelPairs(account, areas);
    const rowsAt = at;
    u16(0);
    if (products === undefined) return;
    if (!isObject(products) || products.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(products))) {
      throw NOT_PLAIN;
    }
    let rows = 0;
    for (const key in products) {
      const row = products[key];
      if (row === undefined) continue;
      if (++rows > rowsMax) throw NOT_PLAIN;
      jsonBound += 4;
      string(key, jsonMax);
      levelPairs(row, permissions);
    }
    heap[rowsAt] = rows & 0xff;
    heap[rowsAt + 1] = rows >> 8;
  }

  // The members an actor and a target share.
  function person(p) {
    if (p.kind === undefined) throw NOT_PLAIN;
    byte(name(kinds, p.kind));
    string(p.id === undefined ? '' : p.id, idMax);
    string(p.tenant === undefined ? '' : p.tenant, idMax);
    byte(p.type === undefined ? 0 : name(types, p.type));
    if (p.access === undefined) noAccess();
    else access(p.access);
    jsonBound += 50;
  }

  function actor(p) {
    if (!isObject(p) || p.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(p))) throw NOT_PLAIN;
    for (const key in p) {
      switch (key) {
        case 'kind': case 'id': case 'tenant': case 'type': case 'global_admin': case 'access': case 'groups': break;
        default: if (p[key] !== undefined) throw NOT_PLAIN;
      }
    }
    person(p);
    const globalAdmin = p.global_admin, groups = p.groups;
    if (globalAdmin !== undefined && typeof globalAdmin !== 'boolean') throw NOT_PLAIN;
    byte(globalAdmin ? 1 : 0);
    jsonBound += 40;
    if (groups === undefined) return u16(0);
    plainArray(groups, groupsMax);
    u16(groups.length);
    for (let i = 0; i < groups.length; ++i) {
      const g = groups[i];
      if (!isObject(g) || g.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(g))) {
        throw NOT_PLAIN;
      }
      for (const key in g) {
        if (key !== 'id' && key !== 'access' && g[key] !== undefined) throw NOT_PLAIN;
      }
      if (g.access === undefined) throw NOT_PLAIN;
      string(g.id === undefined ? '' : g.id, idMax);
      access(g.access);
      jsonBound += 20;
    }
  }

  function target(p) {
    if (!isObject(p) || p.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(p))) throw NOT_PLAIN;
    for (const key in p) {
      switch (key) {
        case 'kind': case 'id': case 'tenant': case 'type': case 'access': break;
        default: if (p[key] !== undefined) throw NOT_PLAIN;
      }
    }
    person(p);
  }

  // The members of a request other than the actor; `actor` is allowed and skipped (it is
  // written apart). Returns the JSON bound of the part.
  function check(request) {
    jsonBound = 0;
    if (!isObject(request) || request.toJSON !== undefined || !plainPrototype(Object.getPrototypeOf(request))) {
      throw NOT_PLAIN;
    }
    for (const key in request) {
      switch (key) {
        case 'actor': case 'action': case 'tenant': case 'target': case 'product': break;
        default: if (request[key] !== undefined) throw NOT_PLAIN;
      }
    }
    if (request.action === undefined) throw NOT_PLAIN;
    byte(name(actions, request.action));
    string(request.tenant === undefined ? '' : request.tenant, idMax);
    string(request.product === undefined ? '' : request.product, productMax);
    const t = request.target;
    byte(t === undefined || t === null ? 0 : 1);
    if (t !== undefined && t !== null) target(t);
    return jsonBound;
  }

  // The actor part; returns its JSON bound.
  function actorPart(p) {
    jsonBound = 80;
    actor(p);
    return jsonBound;
  }

  return {
    // Writes a whole request from the start of the area; returns the byte length.
    request(request) {
      ({ heap, start: at, end } = area.view());
      const start = at;
      if (typeof request !== 'object' || request === null || request.actor === undefined) throw NOT_PLAIN;
      if (actorPart(request.actor) + check(request) > jsonMax) throw NOT_PLAIN;
      return at - start;
    },
    // Writes an actor from the start of the area, for checks to follow; returns its JSON
    // bound (its byte length is position()).
    actor(p) {
      ({ heap, start: at, end } = area.view());
      return actorPart(p);
    },
    // Writes one check after what is written; returns its JSON bound. The caller rewinds
    // to position() taken before when this throws.
    check,
    position: () => at - area.view().start,
    rewind(length) {
      at = area.view().start + length;
    },
  };
}

// ---- invite list from bytes -----------------------------------------------------------

function utf8Text(heap, start, length) {
  if (length < 64) {
    let s = '';
    for (let i = start; i < start + length; ++i) {
      const c = heap[i];
      if (c > 0x7f) return decoder.decode(heap.subarray(start, start + length));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(heap.subarray(start, start + length));
}

// Reads the answer of wire.hpp's write_invite_list() as invite_list_to_json() would have it.
function readInviteList(heap, address) {
  let at = address;
  const u32 = () => {
    const v = (heap[at] | (heap[at + 1] << 8) | (heap[at + 2] << 16) | (heap[at + 3] << 24)) >>> 0;
    at += 4;
    return v;
  };
  const str = () => {
    const length = u32();
    at += length;
    return utf8Text(heap, at - length, length);
  };
  const ok = u32() === 1;
  const addressCount = u32();
  const problemCount = u32();
  const addresses = [];
  for (let i = 0; i < addressCount; ++i) addresses.push(str());
  const problems = [];
  for (let i = 0; i < problemCount; ++i) {
    const field = str(), item = str(), position = u32(), code = str(), message = str();
    const problem = { code, message };
    if (field) problem.field = field;
    if (item) problem.item = item;
    if (position) problem.position = position;
    problems.push(problem);
  }
  return { ok, addresses, problems };
}

// ---- the API --------------------------------------------------------------------------

// A plain wasm export of bindings.cpp, called directly. Emscripten's first call replaces its
// lazy wrapper on the module object by the export itself, so this makes that call (with
// arguments the export refuses at once) and keeps what is there then.
function wasmExport(raw, name, ...refused) {
  raw[name](...refused);
  return raw[name];
}

// The API over one instantiated Emscripten module. `wire: false` answers every call through
// JSON (the tests compare both ways).
export function bindCore(raw, { wire = true } = {}) {
  const facts = JSON.parse(raw.wireFacts());
  const area = inputArea(raw);
  const encodeDecision = decisionEncoder(facts, area);
  const reasons = new Map(); // message address -> {code, message}: static strings in the module
  const decideWire = wasmExport(raw, '_pcu_decide_wire', 0);
  const decideManyWire = wasmExport(raw, '_pcu_decide_many_wire', 0, 0, 0);

  const viaJson = (fn, text) => JSON.parse(raw[fn](area.write(text)));
  const document = (value, what) => cut(jsonText(value, what), facts.json_max);

  // The decision at `answer` (an address of put_decision's four numbers in bindings.cpp).
  let words = raw.HEAPU32; // read again once memory growth has detached it (see inputArea)
  function decisionAt(answer) {
    if (words.length === 0) words = raw.HEAPU32;
    const i = answer >> 2;
    if (words[i] === 0) return { allowed: true };
    let reason = reasons.get(words[i + 2]);
    if (reason === undefined) {
      const heap = raw.HEAPU8;
      reason = { code: utf8Text(heap, words[i], words[i + 1]), message: utf8Text(heap, words[i + 2], words[i + 3]) };
      reasons.set(words[i + 2], reason);
    }
    return { allowed: false, code: reason.code, message: reason.message };
  }

  function decideFast(request) {
    let length;
    try {
      length = encodeDecision.request(request);
    } catch {
      return undefined; // NOT_PLAIN, FULL, or a getter's error, which JSON.stringify reports
    }
    const answer = decideWire(length) >>> 0;
    if (answer === 0) return { allowed: true };
    if (answer === 1) return undefined;
    return decisionAt(answer);
  }

  // decideMany() in bytes: the actor once, then as many checks as fit in the input area per
  // call into the module. A check that is not plainly valid is asked through decide() at the
  // end (decide() writes over the input area), as is a batch the module cannot read (never
  // expected).
  function decideManyFast(actor, checks, one) {
    const results = new Array(checks.length);
    const later = [];
    let actorLength, actorBound;
    try {
      actorBound = encodeDecision.actor(actor);
      actorLength = encodeDecision.position();
    } catch {
      return undefined; // NOT_PLAIN, FULL, or a getter's error, which JSON.stringify reports
    }
    let pending = []; // indexes of the checks written since the actor
    const send = () => {
      if (pending.length === 0) return;
      const answer = decideManyWire(actorLength, encodeDecision.position(), pending.length) >>> 0;
      if (answer === 1) later.push(...pending);
      else for (let k = 0; k < pending.length; ++k) results[pending[k]] = decisionAt(answer + 16 * k);
      pending = [];
      encodeDecision.rewind(actorLength);
    };
    for (let i = 0; i < checks.length; ++i) {
      const before = encodeDecision.position();
      try {
        if (actorBound + encodeDecision.check(checks[i]) > facts.json_max) throw NOT_PLAIN;
        pending.push(i);
        continue;
      } catch (error) {
        encodeDecision.rewind(before);
        if (error === FULL && pending.length > 0) {
          send();
          --i; // again, into the emptied area
          continue;
        }
      }
      later.push(i);
    }
    send();
    for (const i of later) results[i] = one(checks[i], i);
    return results;
  }

  let rolesText, areasText;

  const api = {
    parseInviteList(text) {
      const t = cut(requireString(text, 'parseInviteList(text): text'), facts.invite_text_max);
      if (!wire) return viaJson('parseInviteList', t);
      const length = area.write(t);
      // The call may grow the memory, which detaches the HEAPU8 of before it: read it after.
      const address = raw.parseInviteListWire(length);
      return readInviteList(raw.HEAPU8, address);
    },
    validateEmail(address) {
      const a = requireLength(requireString(address, 'validateEmail(address): address'), 'validateEmail(address): address');
      return viaJson('validateEmail', a);
    },
    validateCreateUser(request, tenant) {
      const [first, second] = area.writeTwo(document(request, 'validateCreateUser(request, tenant): request'),
                                            document(tenant, 'validateCreateUser(request, tenant): tenant'));
      return JSON.parse(raw.validateCreateUser(first, second));
    },
    validateAccess(access) {
      return viaJson('validateAccess', document(access, 'validateAccess(access): access'));
    },
    validatePassword(password) {
      const p = requireLength(requireString(password, 'validatePassword(password): password'), 'validatePassword(password): password');
      return viaJson('validatePassword', p);
    },
    effectivePermissions(actorOrAccess) {
      return viaJson('effectivePermissions', document(actorOrAccess, 'effectivePermissions(actorOrAccess): actorOrAccess'));
    },
    decide(request) {
      if (wire) {
        const answer = decideFast(request);
        if (answer !== undefined) return answer;
      }
      return viaJson('decide', document(request, 'decide(request): request'));
    },
    // Equal to checks.map((check) => decide({ ...check, actor })), with the actor written
    // once: for a page that asks many questions about one signed-in user.
    decideMany(actor, checks) {
      if (!Array.isArray(checks)) throw new TypeError(`decideMany(actor, checks): checks must be an array, got ${describe(checks)}`);
      for (let i = 0; i < checks.length; ++i) {
        const c = checks[i];
        if (typeof c !== 'object' || c === null || Array.isArray(c))
          throw new TypeError(`decideMany(actor, checks): checks[${i}] must be an object, got ${describe(c)}`);
      }
      const one = (check, i) => {
        let request;
        try {
          request = { ...check, actor };  // reads the check's members, getters included
        } catch (error) {
          throw new TypeError(`decideMany(actor, checks): checks[${i}] cannot be read: ${reasonOf(error)}`);
        }
        return api.decide(request);
      };
      if (wire) {
        const answers = decideManyFast(actor, checks, one);
        if (answers !== undefined) return answers;
      }
      return checks.map((check, i) => one(check, i));
    },
    listRoles() {
      rolesText ??= raw.listRoles();
      return JSON.parse(rolesText);
    },
    listPermissionAreas() {
      areasText ??= raw.listPermissionAreas();
      return JSON.parse(areasText);
    },
  };
  return Object.freeze(api);
}

// Instantiates the module with Emscripten's own options (wasmBinary, locateFile, ...) and
// binds the API; `wire` is ours.
export async function instantiate(factory, options = {}) {
  const { wire, ...moduleOptions } = options;
  return bindCore(await factory(moduleOptions), { wire });
}
