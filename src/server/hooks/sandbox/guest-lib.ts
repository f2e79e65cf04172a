// Node and web APIs for hook code, written for QuickJS and evaluated inside the guest.
//
// Each entry is the body of a CommonJS-style function `(module, exports, require, host)`:
// `require` loads another entry, `host` holds the prelude's primitives-only bridges
// (`crypto(op, alg, keyB64, dataB64)`, `codec(op, …)` for long texts and byte runs, and
// `call(name, payload)` for async host operations).
// Nothing here is compiled when a context starts: the prelude evaluates an entry the first time
// hook code touches it (a global or require()), so a hook that uses none of it pays nothing.
//
// These strings are plain JavaScript (no template substitutions): keep backticks and "${" out.

/** Guest module sources by name. Names starting with "_" are internal. */
export const GUEST_MODULES: Readonly<Record<string, string>> = {
  // --- bytes and text --------------------------------------------------------------------------
  _codec: String.raw`
var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
var LOOKUP = new Int16Array(256).fill(-1);
for (var i = 0; i < 64; i++) LOOKUP[B64.charCodeAt(i)] = i;
LOOKUP[45] = 62; LOOKUP[95] = 63; // base64url
// Texts and byte runs from HOST_MIN units up are converted by the host (Node's own codecs, the
// same results): interpreted here, a 1.3 KB JSON answer cost about 0.7 ms to decode from base64
// and UTF-8. Shorter ones stay here, where a host call would cost more than the loop.
var HOST_MIN = 64;
function hostBytes(op, str) {
  var ab = host.codec(op, str);
  return ab === undefined ? undefined : new Uint8Array(ab);
}
function hostText(op, bytes, start, end) {
  return host.codec(op, bytes.buffer, bytes.byteOffset + start, bytes.byteOffset + end);
}
function utf8Encode(str) {
  str = String(str);
  if (str.length >= HOST_MIN) { var fast = hostBytes('utf8e', str); if (fast) return fast; }
  var out = new Uint8Array(str.length * 3), n = 0;
  for (var i = 0; i < str.length; i++) {
    var c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      var d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; }
      else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out[n++] = c;
    else if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63); }
    else if (c < 0x10000) { out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63); }
    else { out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63); }
  }
  return out.slice(0, n);
}
function fromCodes(codes) {
  var s = '';
  for (var i = 0; i < codes.length; i += 4096) s += String.fromCharCode.apply(null, codes.slice(i, i + 4096));
  return s;
}
// The WHATWG UTF-8 decoder (as Node's Buffer and TextDecoder): each maximal invalid run is one U+FFFD.
function utf8Decode(bytes, start, end) {
  start = start || 0; end = end === undefined ? bytes.length : end;
  if (end - start >= HOST_MIN) { var fast = hostText('utf8d', bytes, start, end); if (fast !== undefined) return fast; }
  var codes = [], cp = 0, need = 0, seen = 0, lower = 0x80, upper = 0xbf;
  for (var i = start; i < end; i++) {
    var b = bytes[i];
    if (need === 0) {
      if (b < 0x80) codes.push(b);
      else if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 31; }
      else if (b >= 0xe0 && b <= 0xef) { if (b === 0xe0) lower = 0xa0; else if (b === 0xed) upper = 0x9f; need = 2; cp = b & 15; }
      else if (b >= 0xf0 && b <= 0xf4) { if (b === 0xf0) lower = 0x90; else if (b === 0xf4) upper = 0x8f; need = 3; cp = b & 7; }
      else codes.push(0xfffd);
      continue;
    }
    if (b < lower || b > upper) {
      // The sequence ends before this byte, which starts over.
      need = seen = 0; lower = 0x80; upper = 0xbf;
      codes.push(0xfffd);
      i--;
      continue;
    }
    lower = 0x80; upper = 0xbf;
    cp = (cp << 6) | (b & 63);
    if (++seen < need) continue;
    if (cp > 0xffff) { cp -= 0x10000; codes.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023)); }
    else codes.push(cp);
    need = seen = 0;
  }
  if (need) codes.push(0xfffd);
  return fromCodes(codes);
}
function base64Encode(bytes, url) {
  if (bytes.length >= HOST_MIN) { var fast = hostText(url ? 'b64ue' : 'b64e', bytes, 0, bytes.length); if (fast !== undefined) return fast; }
  var s = '', i;
  for (i = 0; i + 2 < bytes.length; i += 3) {
    var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  var rest = bytes.length - i;
  if (rest === 1) { var a = bytes[i] << 16; s += B64[a >> 18] + B64[(a >> 12) & 63] + (url ? '' : '=='); }
  else if (rest === 2) { var b = (bytes[i] << 16) | (bytes[i + 1] << 8); s += B64[b >> 18] + B64[(b >> 12) & 63] + B64[(b >> 6) & 63] + (url ? '' : '='); }
  return url ? s.replace(/\+/g, '-').replace(/\//g, '_') : s;
}
// As Node: characters outside the alphabet are skipped, and '=' ends the data.
function base64Decode(str) {
  str = String(str);
  if (str.length >= HOST_MIN) { var fast = hostBytes('b64d', str); if (fast) return fast; }
  var out = new Uint8Array(Math.ceil(str.length * 3 / 4)), n = 0, acc = 0, bits = 0;
  for (var i = 0; i < str.length; i++) {
    var c = str.charCodeAt(i);
    if (c === 61) break; // '='
    var v = c < 256 ? LOOKUP[c] : -1;
    if (v < 0) continue; // Node skips characters outside the alphabet
    acc = (acc << 6) | v; bits += 6;
    if (bits >= 8) { bits -= 8; out[n++] = (acc >> bits) & 255; }
  }
  return out.slice(0, n);
}
function hexEncode(bytes) {
  var s = '';
  for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return s;
}
function hexDecode(str) {
  str = String(str);
  var out = new Uint8Array(str.length >> 1), n = 0;
  for (var i = 0; i + 1 < str.length; i += 2) {
    var v = parseInt(str.substr(i, 2), 16);
    if (v !== v) break;
    out[n++] = v;
  }
  return out.slice(0, n);
}
function latin1Encode(str) {
  str = String(str);
  var out = new Uint8Array(str.length);
  for (var i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 255;
  return out;
}
function latin1Decode(bytes) { return fromCodes(Array.prototype.slice.call(bytes)); }
function utf16Encode(str) {
  str = String(str);
  var out = new Uint8Array(str.length * 2);
  for (var i = 0; i < str.length; i++) { var c = str.charCodeAt(i); out[2 * i] = c & 255; out[2 * i + 1] = c >> 8; }
  return out;
}
function utf16Decode(bytes) {
  var codes = [];
  for (var i = 0; i + 1 < bytes.length; i += 2) codes.push(bytes[i] | (bytes[i + 1] << 8));
  return fromCodes(codes);
}
function normEnc(enc) {
  var e = String(enc === undefined || enc === null ? 'utf8' : enc).toLowerCase();
  if (e === 'utf-8') return 'utf8';
  if (e === 'binary') return 'latin1';
  if (e === 'ucs2' || e === 'ucs-2' || e === 'utf-16le') return 'utf16le';
  if (e === 'utf8' || e === 'hex' || e === 'base64' || e === 'base64url' || e === 'latin1' || e === 'ascii' || e === 'utf16le') return e;
  throw new TypeError('Unknown encoding: ' + enc);
}
function encode(str, enc) {
  switch (normEnc(enc)) {
    case 'utf8': return utf8Encode(str);
    case 'hex': return hexDecode(str);
    case 'base64': case 'base64url': return base64Decode(str);
    case 'utf16le': return utf16Encode(str);
    default: return latin1Encode(str);
  }
}
function decode(bytes, enc) {
  switch (normEnc(enc)) {
    case 'utf8': return utf8Decode(bytes);
    case 'hex': return hexEncode(bytes);
    case 'base64': return base64Encode(bytes, false);
    case 'base64url': return base64Encode(bytes, true);
    case 'utf16le': return utf16Decode(bytes);
    case 'ascii': return latin1Decode(bytes.map(function (b) { return b & 127; }));
    default: return latin1Decode(bytes);
  }
}
/** Any BufferSource, Buffer, array of numbers or string (utf8) as a Uint8Array view or copy. */
function toBytes(data, enc) {
  if (typeof data === 'string') return encode(data, enc);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) return Uint8Array.from(data);
  throw new TypeError('The data argument must be a string, Buffer, TypedArray or DataView');
}
module.exports = { utf8Encode: utf8Encode, utf8Decode: utf8Decode, base64Encode: base64Encode, base64Decode: base64Decode,
  hexEncode: hexEncode, hexDecode: hexDecode, encode: encode, decode: decode, normEnc: normEnc, toBytes: toBytes };
`,

  _text: String.raw`
var codec = require('_codec');
function TextEncoder() {}
TextEncoder.prototype.encoding = 'utf-8';
TextEncoder.prototype.encode = function (s) { return codec.utf8Encode(s === undefined ? '' : s); };
TextEncoder.prototype.encodeInto = function (s, dest) {
  var b = codec.utf8Encode(s), n = Math.min(b.length, dest.length);
  dest.set(b.subarray(0, n));
  return { read: s.length, written: n };
};
function TextDecoder(label, options) {
  var enc = String(label || 'utf-8').toLowerCase();
  if (enc !== 'utf-8' && enc !== 'utf8' && enc !== 'latin1' && enc !== 'utf-16le') throw new RangeError('The "' + label + '" encoding is not supported');
  this.encoding = enc === 'utf8' ? 'utf-8' : enc;
  this.fatal = !!(options && options.fatal);
  this.ignoreBOM = !!(options && options.ignoreBOM);
}
TextDecoder.prototype.decode = function (input) {
  if (input === undefined) return '';
  var bytes = codec.toBytes(input);
  var s = codec.decode(bytes, this.encoding === 'utf-8' ? 'utf8' : this.encoding);
  if (!this.ignoreBOM && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (this.fatal && s.indexOf('\ufffd') >= 0) throw new TypeError('The encoded data was not valid for encoding ' + this.encoding);
  return s;
};
function btoa(s) {
  s = String(s);
  for (var i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) throw new Error('Invalid character');
  return codec.base64Encode(codec.encode(s, 'latin1'), false);
}
function atob(s) {
  s = String(s).replace(/[\t\n\f\r ]/g, '');
  if (/[^A-Za-z0-9+/=]/.test(s) || s.length % 4 === 1) throw new Error('The string to be decoded is not correctly encoded.');
  return codec.decode(codec.base64Decode(s), 'latin1');
}
module.exports = { TextEncoder: TextEncoder, TextDecoder: TextDecoder, atob: atob, btoa: btoa };
`,

  buffer: String.raw`
var codec = require('_codec');
class Buffer extends Uint8Array {
  static from(value, encOrOffset, length) {
    if (typeof value === 'string') return Buffer._wrap(codec.encode(value, encOrOffset));
    if (value instanceof ArrayBuffer) {
      var off = encOrOffset >>> 0;
      return new Buffer(value, off, length === undefined ? value.byteLength - off : length);
    }
    if (value && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer._wrap(Uint8Array.from(value.data));
    if (value instanceof Uint8Array || Array.isArray(value) || ArrayBuffer.isView(value)) return Buffer._wrap(Uint8Array.from(codec.toBytes(value)));
    if (value && typeof value === 'object' && typeof value.length === 'number') return Buffer._wrap(Uint8Array.from(value));
    throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
  }
  static _wrap(bytes) { return new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength); }
  static alloc(size, fill, enc) {
    var b = new Buffer(size >>> 0);
    if (fill !== undefined && fill !== 0) b.fill(fill, 0, b.length, enc);
    return b;
  }
  static allocUnsafe(size) { return new Buffer(size >>> 0); }
  static allocUnsafeSlow(size) { return new Buffer(size >>> 0); }
  static isBuffer(b) { return b instanceof Buffer; }
  static isEncoding(e) { try { codec.normEnc(e); return true; } catch (x) { return false; } }
  static byteLength(v, enc) { return typeof v === 'string' ? codec.encode(v, enc).length : codec.toBytes(v).byteLength; }
  static concat(list, total) {
    if (!Array.isArray(list)) throw new TypeError('The "list" argument must be an instance of Array');
    if (total === undefined) { total = 0; for (var i = 0; i < list.length; i++) total += list[i].length; }
    var out = Buffer.alloc(total), pos = 0;
    for (var j = 0; j < list.length && pos < total; j++) {
      var part = codec.toBytes(list[j]);
      var n = Math.min(part.length, total - pos);
      out.set(part.subarray(0, n), pos); pos += n;
    }
    return out;
  }
  static compare(a, b) { return a.compare(b); }
  toString(enc, start, end) {
    start = start === undefined ? 0 : Math.max(0, start | 0);
    end = end === undefined ? this.length : Math.min(this.length, end | 0);
    if (end <= start) return '';
    return codec.decode(new Uint8Array(this.buffer, this.byteOffset + start, end - start), enc);
  }
  toJSON() { return { type: 'Buffer', data: Array.prototype.slice.call(this) }; }
  equals(other) {
    if (!(other instanceof Uint8Array)) throw new TypeError('The "otherBuffer" argument must be an instance of Buffer or Uint8Array');
    return this.compare(other) === 0;
  }
  compare(other) {
    var n = Math.min(this.length, other.length);
    for (var i = 0; i < n; i++) if (this[i] !== other[i]) return this[i] < other[i] ? -1 : 1;
    return this.length === other.length ? 0 : this.length < other.length ? -1 : 1;
  }
  slice(start, end) { return this.subarray(start, end); }
  subarray(start, end) { var v = Uint8Array.prototype.subarray.call(this, start, end); return new Buffer(v.buffer, v.byteOffset, v.byteLength); }
  write(str, offset, length, enc) {
    if (typeof offset === 'string') { enc = offset; offset = 0; length = undefined; }
    else if (typeof length === 'string') { enc = length; length = undefined; }
    offset = offset >>> 0;
    var bytes = codec.encode(str, enc);
    var n = Math.min(bytes.length, this.length - offset, length === undefined ? Infinity : length);
    this.set(bytes.subarray(0, n), offset);
    return n;
  }
  fill(value, start, end, enc) {
    if (typeof start === 'string') { enc = start; start = 0; end = this.length; }
    if (typeof value === 'string') {
      var bytes = codec.encode(value, enc);
      start = start === undefined ? 0 : start; end = end === undefined ? this.length : end;
      if (bytes.length === 0) return Uint8Array.prototype.fill.call(this, 0, start, end);
      for (var i = start, j = 0; i < end; i++, j = (j + 1) % bytes.length) this[i] = bytes[j];
      return this;
    }
    return Uint8Array.prototype.fill.call(this, value, start, end);
  }
  copy(target, targetStart, start, end) {
    targetStart = targetStart || 0; start = start || 0; end = end === undefined ? this.length : end;
    var part = this.subarray(start, Math.min(end, start + target.length - targetStart));
    target.set(part, targetStart);
    return part.length;
  }
  indexOf(value, from, enc) {
    if (typeof value === 'number') return Uint8Array.prototype.indexOf.call(this, value, from);
    var needle = codec.toBytes(value, enc);
    outer: for (var i = from || 0; i <= this.length - needle.length; i++) {
      for (var j = 0; j < needle.length; j++) if (this[i + j] !== needle[j]) continue outer;
      return i;
    }
    return -1;
  }
  includes(value, from, enc) { return this.indexOf(value, from, enc) !== -1; }
  readUInt8(o) { return this[o || 0]; }
  readUInt16BE(o) { o = o || 0; return (this[o] << 8) | this[o + 1]; }
  readUInt16LE(o) { o = o || 0; return this[o] | (this[o + 1] << 8); }
  readUInt32BE(o) { o = o || 0; return ((this[o] << 24) >>> 0) + ((this[o + 1] << 16) | (this[o + 2] << 8) | this[o + 3]); }
  readUInt32LE(o) { o = o || 0; return ((this[o + 3] << 24) >>> 0) + ((this[o + 2] << 16) | (this[o + 1] << 8) | this[o]); }
  readInt32BE(o) { return this.readUInt32BE(o) | 0; }
  writeUInt8(v, o) { o = o || 0; this[o] = v; return o + 1; }
  writeUInt16BE(v, o) { o = o || 0; this[o] = v >>> 8; this[o + 1] = v; return o + 2; }
  writeUInt32BE(v, o) { o = o || 0; this[o] = v >>> 24; this[o + 1] = v >>> 16; this[o + 2] = v >>> 8; this[o + 3] = v; return o + 4; }
  writeUInt32LE(v, o) { o = o || 0; this[o + 3] = v >>> 24; this[o + 2] = v >>> 16; this[o + 1] = v >>> 8; this[o] = v; return o + 4; }
}
Buffer.poolSize = 8192;
// Node's Buffer may also be called without new (deprecated, still common in npm modules).
function CallableBuffer(value, encOrOffset, length) {
  return typeof value === 'number' ? Buffer.alloc(value) : Buffer.from(value, encOrOffset, length);
}
Object.setPrototypeOf(CallableBuffer, Buffer);
CallableBuffer.prototype = Buffer.prototype;
Object.defineProperty(CallableBuffer, 'name', { value: 'Buffer' });
Object.defineProperty(Buffer.prototype, 'constructor', { value: CallableBuffer, writable: true, configurable: true });
module.exports = { Buffer: CallableBuffer, kMaxLength: 0x7fffffff, constants: { MAX_LENGTH: 0x7fffffff },
  atob: require('_text').atob, btoa: require('_text').btoa };
`,

  string_decoder: String.raw`
var Buffer = require('buffer').Buffer;
var codec = require('_codec');
function StringDecoder(enc) {
  this.encoding = codec.normEnc(enc);
  this.pending = new Uint8Array(0);
}
// Bytes at the end that start an incomplete UTF-8 sequence (or base64 group) wait for the next write.
StringDecoder.prototype._keep = function (bytes) {
  if (this.encoding === 'base64' || this.encoding === 'base64url') return bytes.length % 3;
  if (this.encoding === 'utf16le') return bytes.length % 2;
  if (this.encoding !== 'utf8') return 0;
  for (var k = 1; k <= 3 && k <= bytes.length; k++) {
    var b = bytes[bytes.length - k];
    if ((b & 0xc0) === 0x80) continue;
    var need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
};
StringDecoder.prototype.write = function (chunk) {
  if (typeof chunk === 'string') return chunk;
  var bytes = Buffer.concat([this.pending, codec.toBytes(chunk)]);
  var keep = this._keep(bytes);
  this.pending = bytes.slice(bytes.length - keep);
  return bytes.toString(this.encoding, 0, bytes.length - keep);
};
StringDecoder.prototype.end = function (chunk) {
  var s = chunk === undefined ? '' : this.write(chunk);
  var rest = this.pending;
  this.pending = new Uint8Array(0);
  return s + (rest.length ? Buffer.from(rest).toString(this.encoding) : '');
};
module.exports = { StringDecoder: StringDecoder };
`,

  // --- console methods beyond log/info/warn/error/debug --------------------------------------------
  _console: String.raw`
var c = host.console;
var timeLabels = Object.create(null), counts = Object.create(null);
function label(l) { return l === undefined ? 'default' : String(l); }
function rest(args, from) { return Array.prototype.slice.call(args, from); }
function inspect(v, opts) { return require('util').inspect(v, opts); }
module.exports = {
  dir: function (v, opts) { c.emit(0, inspect(v, opts)); },
  dirxml: function () { c.emit(0, c.format(arguments)); },
  table: function (v) { c.emit(0, v !== null && typeof v === 'object' ? inspect(v, { depth: 2 }) : c.format(arguments)); },
  trace: function () { var st = c.hookFrames(new Error().stack); c.emit(3, 'Trace: ' + c.format(arguments) + (st ? '\n' + st : '')); },
  assert: function (ok) { if (!ok) { var r = rest(arguments, 1); c.emit(3, 'Assertion failed' + (r.length ? ': ' + c.format(r) : '')); } },
  time: function (l) { timeLabels[label(l)] = Date.now(); },
  timeEnd: function (l) {
    var k = label(l), t = timeLabels[k];
    if (t === undefined) { c.emit(2, "No such label '" + k + "' for console.timeEnd()"); return; }
    delete timeLabels[k];
    c.emit(0, k + ': ' + (Date.now() - t) + 'ms');
  },
  timeLog: function (l) {
    var k = label(l), t = timeLabels[k];
    if (t === undefined) { c.emit(2, "No such label '" + k + "' for console.timeLog()"); return; }
    var r = rest(arguments, 1);
    c.emit(0, k + ': ' + (Date.now() - t) + 'ms' + (r.length ? ' ' + c.format(r) : ''));
  },
  count: function (l) { var k = label(l); counts[k] = (counts[k] || 0) + 1; c.emit(0, k + ': ' + counts[k]); },
  countReset: function (l) { delete counts[label(l)]; },
  group: function () { if (arguments.length) c.emit(0, c.format(arguments)); c.indent(1); },
  groupCollapsed: function () { if (arguments.length) c.emit(0, c.format(arguments)); c.indent(1); },
  groupEnd: function () { c.indent(-1); },
};
`,

  // --- crypto (digests, HMAC and randomness by the host) -----------------------------------------
  crypto: String.raw`
var Buffer = require('buffer').Buffer;
var codec = require('_codec');
var HASHES = { sha1: 1, sha256: 1, sha384: 1, sha512: 1, md5: 1, sha224: 1 };
function algorithm(name) {
  var a = String(name).toLowerCase().replace(/^rsa-/, '').replace(/-/g, '');
  if (!HASHES[a]) throw new Error('Digest method not supported: ' + name + ' (hooks support sha1, sha224, sha256, sha384, sha512 and md5)');
  return a;
}
function hostBytes(op, alg, key, data) {
  var out = host.crypto(op, alg, key === null ? '' : codec.base64Encode(key), data === null ? '' : codec.base64Encode(data));
  if (typeof out !== 'string' || out.charAt(0) === '!') throw new Error(out ? out.slice(1) : 'crypto operation failed');
  return Buffer.from(out, 'base64');
}
function output(bytes, enc) { return enc === undefined || enc === 'buffer' ? bytes : bytes.toString(enc); }
function Hash(op, alg, key) { this._op = op; this._alg = alg; this._key = key; this._parts = []; this._done = false; }
Hash.prototype.update = function (data, enc) {
  if (this._done) throw new Error('Digest already called');
  this._parts.push(Buffer.from(codec.toBytes(data, enc)));
  return this;
};
Hash.prototype.digest = function (enc) {
  if (this._done) throw new Error('Digest already called');
  this._done = true;
  return output(hostBytes(this._op, this._alg, this._key, Buffer.concat(this._parts)), enc);
};
Hash.prototype.copy = function () { var h = new Hash(this._op, this._alg, this._key); h._parts = this._parts.slice(); return h; };
function createHash(alg) { return new Hash('hash', algorithm(alg), null); }
function createHmac(alg, key) {
  if (key && typeof key === 'object' && key.__secretKey) key = key.__secretKey;
  return new Hash('hmac', algorithm(alg), Buffer.from(codec.toBytes(key)));
}
function randomBytes(n, cb) {
  n = n >>> 0;
  if (n > 65536) throw new RangeError('randomBytes: at most 65536 bytes in hooks');
  var bytes = n === 0 ? Buffer.alloc(0) : hostBytes('random', String(n), null, null);
  if (typeof cb === 'function') { setTimeout(function () { cb(null, bytes); }, 0); return undefined; }
  return bytes;
}
function randomUUID() { var s = host.crypto('uuid', '', '', ''); if (s.charAt(0) === '!') throw new Error(s.slice(1)); return s; }
function getRandomValues(arr) {
  if (!ArrayBuffer.isView(arr)) throw new TypeError('The data argument must be an integer-type TypedArray');
  var view = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  view.set(randomBytes(view.length));
  return arr;
}
function randomInt(min, max) {
  if (max === undefined) { max = min; min = 0; }
  var range = max - min;
  if (!(range > 0)) throw new RangeError('The value of "max" is out of range');
  return min + (randomBytes(6).readUInt32BE(0) * 65536 + randomBytes(2).readUInt16BE(0)) % range;
}
function timingSafeEqual(a, b) {
  a = codec.toBytes(a); b = codec.toBytes(b);
  if (a.length !== b.length) throw new RangeError('Input buffers must have the same byte length');
  var diff = 0;
  for (var i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
function unsupported(name) {
  return function () { throw new Error('crypto.' + name + ' is not available in hooks (available: createHash, createHmac, randomBytes, randomUUID, randomInt, getRandomValues, timingSafeEqual)'); };
}
// Only secret keys exist in hooks (for createHmac); asymmetric keys are not available.
function KeyObject() { throw new TypeError('crypto.KeyObject cannot be constructed directly; hooks have only createSecretKey'); }
function createSecretKey(key, enc) {
  var k = Object.create(KeyObject.prototype);
  k.type = 'secret'; k.__secretKey = Buffer.from(codec.toBytes(key, enc)); k.symmetricKeySize = k.__secretKey.length;
  k.export = function () { return Buffer.from(this.__secretKey); };
  return k;
}
var webcrypto = { getRandomValues: getRandomValues, randomUUID: randomUUID,
  get subtle() { throw new Error('crypto.subtle is not available in hooks; use require("crypto").createHash/createHmac'); } };
function randomFillSync(buf, offset, size) {
  var view = new Uint8Array(buf.buffer || buf, buf.byteOffset || 0, buf.byteLength);
  offset = offset >>> 0; size = size === undefined ? view.length - offset : size >>> 0;
  view.set(randomBytes(size), offset);
  return buf;
}
function randomFill(buf, offset, size, cb) {
  if (typeof offset === 'function') { cb = offset; offset = 0; size = undefined; } else if (typeof size === 'function') { cb = size; size = undefined; }
  randomFillSync(buf, offset, size);
  setTimeout(function () { cb(null, buf); }, 0);
}
module.exports = { createHash: createHash, createHmac: createHmac, randomBytes: randomBytes, pseudoRandomBytes: randomBytes, randomFillSync: randomFillSync, randomFill: randomFill,
  randomUUID: randomUUID, randomInt: randomInt, getRandomValues: getRandomValues, timingSafeEqual: timingSafeEqual,
  createSecretKey: createSecretKey, webcrypto: webcrypto, KeyObject: KeyObject,
  constants: { RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_PKCS1_PSS_PADDING: 6, RSA_PSS_SALTLEN_DIGEST: -1,
    RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2 },
  getHashes: function () { return Object.keys(HASHES); },
  createSign: unsupported('createSign'), createVerify: unsupported('createVerify'), createCipheriv: unsupported('createCipheriv'),
  createDecipheriv: unsupported('createDecipheriv'), pbkdf2: unsupported('pbkdf2'), pbkdf2Sync: unsupported('pbkdf2Sync'),
  scrypt: unsupported('scrypt'), scryptSync: unsupported('scryptSync'), generateKeyPair: unsupported('generateKeyPair'),
  createPrivateKey: unsupported('createPrivateKey'), createPublicKey: unsupported('createPublicKey'), sign: unsupported('sign'), verify: unsupported('verify') };
`,

  // --- events, util, assert ----------------------------------------------------------------------
  events: String.raw`
function EventEmitter() { EventEmitter.init.call(this); }
EventEmitter.init = function () { if (!this._events || this._events === Object.getPrototypeOf(this)._events) { this._events = Object.create(null); } this._maxListeners = this._maxListeners || undefined; };
EventEmitter.defaultMaxListeners = 10;
function add(self, name, fn, prepend, once) {
  if (typeof fn !== 'function') throw new TypeError('The "listener" argument must be of type Function');
  if (!self._events) self._events = Object.create(null);
  if (self._events.newListener && name !== 'newListener') self.emit('newListener', name, fn);
  var list = self._events[name] || (self._events[name] = []);
  var entry = { fn: fn, once: once };
  if (prepend) list.unshift(entry); else list.push(entry);
  return self;
}
EventEmitter.prototype.on = EventEmitter.prototype.addListener = function (n, f) { return add(this, n, f, false, false); };
EventEmitter.prototype.prependListener = function (n, f) { return add(this, n, f, true, false); };
EventEmitter.prototype.once = function (n, f) { return add(this, n, f, false, true); };
EventEmitter.prototype.prependOnceListener = function (n, f) { return add(this, n, f, true, true); };
EventEmitter.prototype.off = EventEmitter.prototype.removeListener = function (name, fn) {
  var list = this._events && this._events[name];
  if (!list) return this;
  for (var i = list.length - 1; i >= 0; i--) if (list[i].fn === fn) { list.splice(i, 1); break; }
  if (list.length === 0) delete this._events[name];
  return this;
};
EventEmitter.prototype.removeAllListeners = function (name) {
  if (!this._events) return this;
  if (name === undefined) this._events = Object.create(null); else delete this._events[name];
  return this;
};
EventEmitter.prototype.emit = function (name) {
  var list = this._events && this._events[name];
  var args = Array.prototype.slice.call(arguments, 1);
  if (!list || list.length === 0) {
    if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error('Unhandled error. (' + String(args[0]) + ')');
    return false;
  }
  list = list.slice();
  for (var i = 0; i < list.length; i++) {
    if (list[i].once) this.removeListener(name, list[i].fn);
    list[i].fn.apply(this, args);
  }
  return true;
};
EventEmitter.prototype.listeners = function (name) { return ((this._events && this._events[name]) || []).map(function (e) { return e.fn; }); };
EventEmitter.prototype.rawListeners = EventEmitter.prototype.listeners;
EventEmitter.prototype.listenerCount = function (name) { return ((this._events && this._events[name]) || []).length; };
EventEmitter.prototype.eventNames = function () { return this._events ? Object.keys(this._events) : []; };
EventEmitter.prototype.setMaxListeners = function (n) { this._maxListeners = n; return this; };
EventEmitter.prototype.getMaxListeners = function () { return this._maxListeners === undefined ? EventEmitter.defaultMaxListeners : this._maxListeners; };
EventEmitter.once = function (emitter, name) {
  return new Promise(function (resolve, reject) {
    function onError(err) { emitter.removeListener(name, onValue); reject(err); }
    function onValue() { if (name !== 'error') emitter.removeListener('error', onError); resolve(Array.prototype.slice.call(arguments)); }
    emitter.once(name, onValue);
    if (name !== 'error') emitter.once('error', onError);
  });
};
EventEmitter.EventEmitter = EventEmitter;
module.exports = EventEmitter;
`,

  util: String.raw`
var custom = Symbol.for('nodejs.util.promisify.custom');
var inspectCustom = Symbol.for('nodejs.util.inspect.custom');
function inspect(value, opts) {
  var depthMax = opts && typeof opts.depth === 'number' ? opts.depth : opts && opts.depth === null ? Infinity : 2;
  var seen = [];
  function fmt(v, depth) {
    if (v === null) return 'null';
    if (v === undefined) return 'undefined';
    var t = typeof v;
    if (t === 'string') return depth === 0 && opts && opts.__top ? v : "'" + v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
    if (t === 'number' || t === 'boolean') return Object.is(v, -0) ? '-0' : String(v);
    if (t === 'bigint') return String(v) + 'n';
    if (t === 'symbol') return v.toString();
    if (t === 'function') return '[Function: ' + (v.name || '(anonymous)') + ']';
    if (typeof v[inspectCustom] === 'function') return String(v[inspectCustom](depthMax - depth, opts || {}, inspect));
    if (v instanceof Error) return v.stack ? v.name + ': ' + v.message + '\n' + v.stack.replace(/\n$/, '') : v.name + ': ' + v.message;
    if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (seen.indexOf(v) >= 0) return '[Circular *1]';
    if (depth > depthMax) return Array.isArray(v) ? '[Array]' : '[Object]';
    seen.push(v);
    var out;
    if (typeof Buffer === 'function' && v instanceof Buffer) {
      var hex = Array.prototype.slice.call(v, 0, 50).map(function (b) { return (b < 16 ? '0' : '') + b.toString(16); });
      out = '<Buffer' + (hex.length ? ' ' + hex.join(' ') : '') + (v.length > 50 ? ' ... ' + (v.length - 50) + ' more bytes' : '') + '>';
    } else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      var items = Array.prototype.slice.call(v, 0, 100).map(function (x) { return fmt(x, depth + 1); });
      if (v.length > 100) items.push('... ' + (v.length - 100) + ' more items');
      out = (Array.isArray(v) ? '' : v.constructor.name + '(' + v.length + ') ') + (items.length ? '[ ' + items.join(', ') + ' ]' : '[]');
    } else if (v instanceof Map) {
      var m = []; v.forEach(function (val, key) { m.push(fmt(key, depth + 1) + ' => ' + fmt(val, depth + 1)); });
      out = 'Map(' + v.size + ') {' + (m.length ? ' ' + m.join(', ') + ' ' : '') + '}';
    } else if (v instanceof Set) {
      var s = []; v.forEach(function (val) { s.push(fmt(val, depth + 1)); });
      out = 'Set(' + v.size + ') {' + (s.length ? ' ' + s.join(', ') + ' ' : '') + '}';
    } else if (typeof v.then === 'function' && v instanceof Promise) {
      out = 'Promise { <pending> }';
    } else {
      var keys = Object.keys(v);
      var parts = keys.map(function (k) { return (/^[A-Za-z_$][\w$]*$/.test(k) ? k : "'" + k + "'") + ': ' + fmt(v[k], depth + 1); });
      var proto = Object.getPrototypeOf(v);
      var name = proto === null ? '[Object: null prototype] ' : proto !== Object.prototype && proto.constructor && proto.constructor.name ? proto.constructor.name + ' ' : '';
      out = name + (parts.length ? '{ ' + parts.join(', ') + ' }' : '{}');
    }
    seen.pop();
    return out;
  }
  return fmt(value, 0);
}
inspect.custom = inspectCustom;
function format(f) {
  var args = Array.prototype.slice.call(arguments, 1);
  var show = function (a) { return typeof a === 'string' ? a : inspect(a); };
  if (typeof f !== 'string') return [f].concat(args).map(show).join(' ');
  var i = 0;
  var out = f.replace(/%([sdifjoOc%])/g, function (m, c) {
    if (c === '%') return '%';
    if (i >= args.length) return m;
    var a = args[i++];
    switch (c) {
      case 's': return typeof a === 'string' ? a : typeof a === 'object' && a !== null ? inspect(a, { depth: 1 }) : String(a);
      case 'd': return typeof a === 'object' && a !== null ? 'NaN' : String(Number(a));
      case 'i': return String(parseInt(a, 10));
      case 'f': return String(parseFloat(a));
      case 'j': try { return JSON.stringify(a); } catch (e) { return '[Circular]'; }
      case 'c': return '';
      default: return inspect(a);
    }
  });
  for (; i < args.length; i++) out += ' ' + show(args[i]);
  return out;
}
function promisify(fn) {
  if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type Function');
  if (fn[custom]) return fn[custom];
  return function () {
    var self = this, args = Array.prototype.slice.call(arguments);
    return new Promise(function (resolve, reject) {
      args.push(function (err, value) { if (err) reject(err); else resolve(value); });
      fn.apply(self, args);
    });
  };
}
promisify.custom = custom;
function callbackify(fn) {
  return function () {
    var args = Array.prototype.slice.call(arguments), cb = args.pop(), self = this;
    Promise.resolve().then(function () { return fn.apply(self, args); }).then(function (v) { cb(null, v); }, function (e) { cb(e || new Error('Promise was rejected with a falsy value')); });
  };
}
function inherits(ctor, superCtor) {
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}
function deprecate(fn, msg) {
  var warned = false;
  return function () { if (!warned) { warned = true; console.warn('DeprecationWarning: ' + msg); } return fn.apply(this, arguments); };
}
function isDeepStrictEqual(a, b) { return require('assert')._deepEqual(a, b, true); }
var types = {
  isDate: function (v) { return v instanceof Date; },
  isRegExp: function (v) { return v instanceof RegExp; },
  isPromise: function (v) { return v instanceof Promise; },
  isMap: function (v) { return v instanceof Map; },
  isSet: function (v) { return v instanceof Set; },
  isTypedArray: function (v) { return ArrayBuffer.isView(v) && !(v instanceof DataView); },
  isUint8Array: function (v) { return v instanceof Uint8Array; },
  isArrayBuffer: function (v) { return v instanceof ArrayBuffer; },
  isAnyArrayBuffer: function (v) { return v instanceof ArrayBuffer; },
  isNativeError: function (v) { return v instanceof Error; },
  isAsyncFunction: function (v) { return typeof v === 'function' && v.constructor && v.constructor.name === 'AsyncFunction'; },
  isGeneratorFunction: function (v) { return typeof v === 'function' && v.constructor && /GeneratorFunction$/.test(v.constructor.name); },
  isBoxedPrimitive: function (v) { return v instanceof Number || v instanceof String || v instanceof Boolean; },
};
var text = require('_text');
module.exports = { format: format, inspect: inspect, promisify: promisify, callbackify: callbackify, inherits: inherits,
  deprecate: deprecate, isDeepStrictEqual: isDeepStrictEqual, types: types,
  debuglog: function () { var f = function () {}; f.enabled = false; return f; }, debug: function () { var f = function () {}; f.enabled = false; return f; },
  isBuffer: function (v) { return typeof Buffer === 'function' && v instanceof Buffer; }, isBoolean: function (v) { return typeof v === 'boolean'; },
  isSymbol: function (v) { return typeof v === 'symbol'; }, isPrimitive: function (v) { return v === null || (typeof v !== 'object' && typeof v !== 'function'); },
  isNull: function (v) { return v === null; },
  isArray: Array.isArray, isString: function (v) { return typeof v === 'string'; }, isFunction: function (v) { return typeof v === 'function'; },
  isObject: function (v) { return v !== null && typeof v === 'object'; }, isError: types.isNativeError, isDate: types.isDate, isRegExp: types.isRegExp,
  isNumber: function (v) { return typeof v === 'number'; }, isUndefined: function (v) { return v === undefined; }, isNullOrUndefined: function (v) { return v == null; },
  TextEncoder: text.TextEncoder, TextDecoder: text.TextDecoder };
`,

  assert: String.raw`
var util = require('util');
class AssertionError extends Error {
  constructor(options) {
    super(options.message || (util.inspect(options.actual) + ' ' + options.operator + ' ' + util.inspect(options.expected)));
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = options.actual; this.expected = options.expected; this.operator = options.operator;
    this.generatedMessage = !options.message;
  }
}
function check(ok, actual, expected, operator, message) {
  if (ok) return;
  if (message instanceof Error) throw message;
  throw new AssertionError({ actual: actual, expected: expected, operator: operator, message: message });
}
function deepEqual(a, b, strict, seen) {
  if (strict ? Object.is(a, b) : a == b || (a !== a && b !== b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (strict && Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
  seen = seen || [];
  for (var i = 0; i < seen.length; i++) if (seen[i][0] === a && seen[i][1] === b) return true;
  seen.push([a, b]);
  if (a instanceof Map || a instanceof Set) {
    if (a.size !== b.size) return false;
    var ea = Array.from(a.entries()), eb = Array.from(b.entries());
    return ea.every(function (e, k) { return deepEqual(e, eb[k], strict, seen); });
  }
  var ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (var j = 0; j < ka.length; j++) {
    if (!Object.prototype.hasOwnProperty.call(b, ka[j])) return false;
    if (!deepEqual(a[ka[j]], b[ka[j]], strict, seen)) return false;
  }
  return true;
}
function assert(v, m) { check(!!v, v, true, '==', m); }
assert.ok = assert;
assert.AssertionError = AssertionError;
assert._deepEqual = deepEqual;
assert.equal = function (a, b, m) { check(a == b || (a !== a && b !== b), a, b, '==', m); };
assert.notEqual = function (a, b, m) { check(a != b, a, b, '!=', m); };
assert.strictEqual = function (a, b, m) { check(Object.is(a, b), a, b, 'strictEqual', m); };
assert.notStrictEqual = function (a, b, m) { check(!Object.is(a, b), a, b, 'notStrictEqual', m); };
assert.deepEqual = function (a, b, m) { check(deepEqual(a, b, false), a, b, 'deepEqual', m); };
assert.deepStrictEqual = function (a, b, m) { check(deepEqual(a, b, true), a, b, 'deepStrictEqual', m); };
assert.notDeepEqual = function (a, b, m) { check(!deepEqual(a, b, false), a, b, 'notDeepEqual', m); };
assert.notDeepStrictEqual = function (a, b, m) { check(!deepEqual(a, b, true), a, b, 'notDeepStrictEqual', m); };
assert.fail = function (m) { throw m instanceof Error ? m : new AssertionError({ message: m || 'Failed', operator: 'fail' }); };
assert.match = function (s, re, m) { check(re.test(s), s, re, 'match', m); };
assert.doesNotMatch = function (s, re, m) { check(!re.test(s), s, re, 'doesNotMatch', m); };
assert.ifError = function (e) { if (e !== null && e !== undefined) throw e; };
function matches(err, expected) {
  if (expected === undefined) return true;
  if (typeof expected === 'function') return expected.prototype !== undefined && err instanceof expected ? true : expected.prototype === undefined ? expected(err) === true : false;
  if (expected instanceof RegExp) return expected.test(String(err && err.message !== undefined ? err.message : err)) || expected.test(String(err));
  return Object.keys(expected).every(function (k) { return expected[k] instanceof RegExp ? expected[k].test(err[k]) : deepEqual(err[k], expected[k], true); });
}
assert.throws = function (fn, expected, m) {
  try { fn(); } catch (e) { check(matches(e, expected), e, expected, 'throws', m); return; }
  check(false, undefined, expected, 'throws', m || 'Missing expected exception.');
};
assert.doesNotThrow = function (fn, m) { try { fn(); } catch (e) { check(false, e, undefined, 'doesNotThrow', m || 'Got unwanted exception: ' + (e && e.message)); } };
assert.rejects = function (p, expected, m) {
  return Promise.resolve(typeof p === 'function' ? p() : p).then(function () { check(false, undefined, expected, 'rejects', m || 'Missing expected rejection.'); },
    function (e) { check(matches(e, expected), e, expected, 'rejects', m); });
};
assert.doesNotReject = function (p, m) { return Promise.resolve(typeof p === 'function' ? p() : p).then(function () {}, function (e) { check(false, e, undefined, 'doesNotReject', m || 'Got unwanted rejection: ' + (e && e.message)); }); };
assert.strict = assert;
module.exports = assert;
`,

  // --- URLs --------------------------------------------------------------------------------------
  querystring: String.raw`
function unescape(s) {
  s = String(s).replace(/\+/g, ' ');
  try { return decodeURIComponent(s); } catch (e) { return s.replace(/%([0-9a-fA-F]{2})/g, function (m, h) { return String.fromCharCode(parseInt(h, 16)); }); }
}
function escape(s) { return encodeURIComponent(s).replace(/[!'()*]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); }); }
function parse(str, sep, eq) {
  sep = sep || '&'; eq = eq || '=';
  var out = Object.create(null);
  if (typeof str !== 'string' || str.length === 0) return out;
  str.split(sep).forEach(function (part) {
    if (!part) return;
    var i = part.indexOf(eq);
    var k = unescape(i >= 0 ? part.slice(0, i) : part), v = i >= 0 ? unescape(part.slice(i + eq.length)) : '';
    if (!(k in out)) out[k] = v;
    else if (Array.isArray(out[k])) out[k].push(v);
    else out[k] = [out[k], v];
  });
  return out;
}
function value(v) { return typeof v === 'string' ? v : typeof v === 'number' && isFinite(v) ? String(v) : typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : ''; }
function stringify(obj, sep, eq) {
  sep = sep || '&'; eq = eq || '=';
  if (obj === null || typeof obj !== 'object') return '';
  return Object.keys(obj).map(function (k) {
    var v = obj[k], ek = escape(k) + eq;
    return Array.isArray(v) ? v.map(function (x) { return ek + escape(value(x)); }).join(sep) : ek + escape(value(v));
  }).filter(Boolean).join(sep);
}
module.exports = { parse: parse, stringify: stringify, decode: parse, encode: stringify, escape: escape, unescape: unescape };
`,

  url: String.raw`
var qs = require('querystring');
var SPECIAL = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443, 'ftp:': 21, 'file:': null };
function encodeForm(s) { return encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, function (c) { return '%' + c.charCodeAt(0).toString(16).toUpperCase(); }); }
function decodeForm(s) { s = s.replace(/\+/g, ' '); try { return decodeURIComponent(s); } catch (e) { return s; } }
class URLSearchParams {
  constructor(init) {
    this._list = [];
    this._url = null;
    if (init === undefined || init === null) return;
    if (typeof init === 'string') this._parse(init);
    else if (init instanceof URLSearchParams) this._list = init._list.map(function (p) { return p.slice(); });
    else if (typeof init[Symbol.iterator] === 'function') {
      for (var pair of init) { if (pair.length !== 2) throw new TypeError('Each query pair must be an iterable [name, value] tuple'); this._list.push([String(pair[0]), String(pair[1])]); }
    } else for (var k of Object.keys(init)) this._list.push([k, String(init[k])]);
  }
  _parse(s) {
    this._list = [];
    if (s.charAt(0) === '?') s = s.slice(1);
    for (var part of s.split('&')) {
      if (!part) continue;
      var i = part.indexOf('=');
      this._list.push(i >= 0 ? [decodeForm(part.slice(0, i)), decodeForm(part.slice(i + 1))] : [decodeForm(part), '']);
    }
  }
  _update() { if (this._url) { var s = this.toString(); this._url._search = s ? '?' + s : ''; } }
  get size() { return this._list.length; }
  append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
  delete(k) { k = String(k); this._list = this._list.filter(function (p) { return p[0] !== k; }); this._update(); }
  get(k) { k = String(k); for (var p of this._list) if (p[0] === k) return p[1]; return null; }
  getAll(k) { k = String(k); return this._list.filter(function (p) { return p[0] === k; }).map(function (p) { return p[1]; }); }
  has(k) { k = String(k); return this._list.some(function (p) { return p[0] === k; }); }
  set(k, v) {
    k = String(k); v = String(v);
    var i = this._list.findIndex(function (p) { return p[0] === k; });
    if (i < 0) this._list.push([k, v]);
    else { this._list[i][1] = v; this._list = this._list.filter(function (p, j) { return j <= i || p[0] !== k; }); }
    this._update();
  }
  sort() { this._list.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }); this._update(); }
  forEach(fn, self) { for (var p of this._list.slice()) fn.call(self, p[1], p[0], this); }
  keys() { return this._list.map(function (p) { return p[0]; })[Symbol.iterator](); }
  values() { return this._list.map(function (p) { return p[1]; })[Symbol.iterator](); }
  entries() { return this._list.map(function (p) { return [p[0], p[1]]; })[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
  toString() { return this._list.map(function (p) { return encodeForm(p[0]) + '=' + encodeForm(p[1]); }).join('&'); }
}
// WHATWG percent-encode sets (C0 controls and everything past ASCII always; a surrogate pair as
// one code point, a lone surrogate as U+FFFD, as Node does).
function encodePart(s, re) {
  return s.replace(re, function (c) {
    if (c.length === 1 && /[\ud800-\udfff]/.test(c)) return '%EF%BF%BD';
    var e = encodeURIComponent(c);
    // encodeURIComponent leaves ' ( ) * ! ~ as they are; these sets may name them.
    return e !== c ? e : '%' + (c.charCodeAt(0) < 16 ? '0' : '') + c.charCodeAt(0).toString(16).toUpperCase();
  });
}
var WIDE = '[\\ud800-\\udbff][\\udc00-\\udfff]|[\\u0000-\\u0020\\u007f-\\uffff';
var QUERY_RE = new RegExp(WIDE + '"#<>]', 'g'), SPECIAL_QUERY_RE = new RegExp(WIDE + '"#<>\']', 'g');
var PATH_RE = new RegExp(WIDE + '"#<>?\x60{}]', 'g'), FRAGMENT_RE = new RegExp(WIDE + '"<>\x60]', 'g');
var USER_RE = /[\ud800-\udbff][\udc00-\udfff]|[^A-Za-z0-9\-._~!$&'()*+,;=%]/g;
var C0_RE = /[\ud800-\udbff][\udc00-\udfff]|[\u0000-\u001f\u007f-\uffff]/g;
// An xn-- label must be the Punycode of a label (Node's URL refuses xn--a, xn--, xn---): the part
// of UTS #46's checks that needs no tables.
function validLabels(host) {
  return host.split('.').every(function (label) {
    if (label.slice(0, 4) !== 'xn--') return true;
    try {
      var punycode = require('punycode'), decoded = punycode.decode(label.slice(4));
      return decoded !== '' && !/[\u0000-\u001f\u007f-\u009f]/.test(decoded) && punycode.encode(decoded) === label.slice(4);
    } catch (e) { return false; }
  });
}
// The IPv6 parser and serializer (WHATWG): [::FFFF:127.0.0.1] is [::ffff:7f00:1]; null: invalid.
function ipv6(inner) {
  var halves = inner.split('::');
  if (halves.length > 2) return null;
  var pieces = function (part) {
    if (part === '') return [];
    var out = [], groups = part.split(':');
    for (var i = 0; i < groups.length; i++) {
      var g = groups[i];
      if (i === groups.length - 1 && g.indexOf('.') >= 0) {
        // Dotted decimal without leading zeros, as net.isIPv4 takes it.
        if (!require('net').isIPv4(g)) return null;
        var o = g.split('.');
        out.push(+o[0] * 256 + +o[1], +o[2] * 256 + +o[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  var head = pieces(halves[0]), tail = halves.length === 2 ? pieces(halves[1]) : [];
  if (!head || !tail) return null;
  var fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return null;
  var all = head.concat(new Array(fill).fill(0), tail);
  var best = -1, bestLen = 1;
  for (var i = 0; i < 8; i++) {
    var j = i;
    while (j < 8 && all[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    if (j > i) i = j - 1;
  }
  var hex = all.map(function (n) { return n.toString(16); });
  if (best < 0) return hex.join(':');
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + bestLen).join(':');
}
// The IPv4 parser (WHATWG "ends in a number"): 127.1, 0x7f.1 and 2130706433 are 127.0.0.1; a host
// whose last label is a number but that is no IPv4 address is invalid. undefined: not an address.
function ipv4(host) {
  var parts = host.split('.');
  if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
  var last = parts[parts.length - 1];
  if (!/^(?:[0-9]+|0[xX][0-9a-fA-F]*)$/.test(last)) return undefined;
  if (parts.length > 4) return null;
  var nums = [];
  for (var p of parts) {
    var m = /^0[xX]([0-9a-fA-F]*)$/.exec(p);
    var n = m ? (m[1] ? parseInt(m[1], 16) : 0) : /^0[0-7]+$/.test(p) ? parseInt(p, 8) : /^(?:0|[1-9][0-9]*)$/.test(p) ? parseInt(p, 10) : NaN;
    if (isNaN(n)) return null;
    nums.push(n);
  }
  var value = nums.pop();
  if (nums.some(function (x) { return x > 255; }) || value >= Math.pow(256, 4 - nums.length)) return null;
  nums.forEach(function (x, i) { value += x * Math.pow(256, 3 - i); });
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
// The host as Node's URL writes it, or null when it is not valid: percent-decoded, lower case,
// names past ASCII to Punycode (UTS #46 reduced to NFC and lower case), IPv4 and IPv6 addresses
// in their canonical form.
function parseHost(raw, special) {
  if (!special && raw.charAt(0) !== '[') {
    // An opaque host (foo://C.D): kept as written, C0 controls and what is past ASCII encoded.
    return /[\u0000\t\n\r #\/<>?@\[\\\]^|]/.test(raw) ? null : encodePart(raw, C0_RE);
  }
  var host;
  try { host = decodeURIComponent(raw).toLowerCase(); } catch (e) { return null; }
  if (special && /[^\u0000-\u007f]/.test(host)) {
    if (/[\s\u0080-\u009f]/.test(host)) return null;
    try { host = require('punycode').toASCII(host.normalize('NFC')); } catch (e) { return null; }
  }
  if (/[\u0000\t\n\r #\/<>?@\\^|%]/.test(host) || /[^\u0000-\u007f]/.test(host)) return null;
  if (host.charAt(0) === '[') {
    var v6 = host.charAt(host.length - 1) === ']' ? ipv6(host.slice(1, -1)) : null;
    return v6 === null ? null : '[' + v6 + ']';
  }
  var v4 = ipv4(host);
  if (v4 === null || !validLabels(host)) return null;
  return v4 || host;
}
// A port of digits only ('' for none or the scheme's default), or null past 65535.
function parsePort(digits, protocol) {
  if (digits === '') return '';
  var n = +digits;
  if (n > 65535) return null;
  return n === SPECIAL[protocol] ? '' : String(n);
}
function normPath(path, special) {
  if (special) path = path.replace(/\\/g, '/');
  var out = [];
  var parts = path.split('/');
  for (var i = 0; i < parts.length; i++) {
    var p = parts[i], last = i === parts.length - 1;
    if (p === '..' || p.toLowerCase() === '%2e%2e') { if (out.length > 1) out.pop(); if (last) out.push(''); }
    else if (p === '.' || p.toLowerCase() === '%2e') { if (last) out.push(''); }
    else out.push(p);
  }
  var s = out.join('/');
  return s.charAt(0) === '/' ? s : '/' + s;
}
var ABS = /^([a-zA-Z][a-zA-Z0-9+.\-]*):(.*)$/;
class URL {
  constructor(input, base) {
    input = String(input).replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
    var m = ABS.exec(input);
    if (!m) {
      if (base === undefined) throw new TypeError('Invalid URL: ' + input);
      var b = base instanceof URL ? base : new URL(base);
      this._copy(b);
      this._relative(input);
    } else {
      this._protocol = m[1].toLowerCase() + ':';
      this._parseRest(m[2], input);
    }
    var sp = new URLSearchParams(this._search);
    sp._url = this;
    this._sp = sp;
  }
  _copy(b) {
    this._protocol = b._protocol; this._username = b._username; this._password = b._password;
    this._hostname = b._hostname; this._port = b._port; this._pathname = b._pathname; this._search = b._search; this._hash = '';
  }
  _relative(input) {
    var special = this._protocol in SPECIAL;
    if (special) input = input.replace(/\\/g, '/');
    if (input.slice(0, 2) === '//') { this._parseRest(input, input); return; }
    var h = input.indexOf('#');
    if (h >= 0) { this._hash = '#' + encodePart(input.slice(h + 1), FRAGMENT_RE); input = input.slice(0, h); }
    if (input === '') return;
    var q = input.indexOf('?');
    var path = q >= 0 ? input.slice(0, q) : input;
    this._search = q >= 0 ? '?' + encodePart(input.slice(q + 1), special ? SPECIAL_QUERY_RE : QUERY_RE) : path ? '' : this._search;
    if (path) {
      if (path.charAt(0) !== '/') path = this._pathname.replace(/[^\/]*$/, '') + path;
      this._pathname = encodePart(normPath(path, special), PATH_RE);
    }
  }
  _parseRest(rest, input) {
    var special = this._protocol in SPECIAL;
    this._username = ''; this._password = ''; this._hostname = ''; this._port = ''; this._search = ''; this._hash = '';
    if (special) rest = rest.replace(/\\/g, '/');
    var h = rest.indexOf('#');
    if (h >= 0) { this._hash = '#' + encodePart(rest.slice(h + 1), FRAGMENT_RE); rest = rest.slice(0, h); }
    var q = rest.indexOf('?');
    if (q >= 0) { this._search = '?' + encodePart(rest.slice(q + 1), special ? SPECIAL_QUERY_RE : QUERY_RE); rest = rest.slice(0, q); }
    if (special || rest.slice(0, 2) === '//') {
      rest = rest.replace(/^\/*/, '');
      var slash = rest.indexOf('/');
      var auth = slash >= 0 ? rest.slice(0, slash) : rest;
      var path = slash >= 0 ? rest.slice(slash) : '';
      var at = auth.lastIndexOf('@');
      if (at >= 0) {
        var cred = auth.slice(0, at), colon = cred.indexOf(':');
        this._username = encodePart(colon >= 0 ? cred.slice(0, colon) : cred, USER_RE);
        this._password = colon >= 0 ? encodePart(cred.slice(colon + 1), USER_RE) : '';
        auth = auth.slice(at + 1);
      }
      var pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(auth);
      if (!pm) throw new TypeError('Invalid URL: ' + input);
      var host = parseHost(pm[1], special);
      if (host === null || (special && this._protocol !== 'file:' && !host)) throw new TypeError('Invalid URL: ' + input);
      this._hostname = host;
      var port = parsePort(pm[2] || '', this._protocol);
      if (port === null) throw new TypeError('Invalid URL: ' + input);
      this._port = port;
      this._pathname = special ? encodePart(normPath(path || '/', true), PATH_RE) : encodePart(path, PATH_RE);
      this._opaque = false;
    } else {
      this._pathname = encodePart(rest, C0_RE);
      this._opaque = true;
    }
  }
  get protocol() { return this._protocol; }
  set protocol(v) { v = String(v).replace(/:.*$/, '').toLowerCase(); if (/^[a-z][a-z0-9+.\-]*$/.test(v)) this._protocol = v + ':'; }
  get username() { return this._username; }
  set username(v) { this._username = encodePart(String(v), USER_RE); }
  get password() { return this._password; }
  set password(v) { this._password = encodePart(String(v), USER_RE); }
  get hostname() { return this._hostname; }
  set hostname(v) {
    if (this._opaque) return;
    var host = parseHost(String(v), this._protocol in SPECIAL);
    if (host !== null && (host || !(this._protocol in SPECIAL))) this._hostname = host;
  }
  get port() { return this._port; }
  // Leading digits only, as Node: '8080abc' is 8080, 'abc' changes nothing, '' removes the port.
  set port(v) {
    v = String(v);
    if (this._opaque || !this._hostname || this._protocol === 'file:') return;
    var digits = /^[0-9]*/.exec(v)[0];
    if (digits === '' && v !== '') return;
    var port = parsePort(digits, this._protocol);
    if (port !== null) this._port = port;
  }
  get host() { return this._hostname + (this._port ? ':' + this._port : ''); }
  set host(v) {
    if (this._opaque) return;
    var m = /^(\[[^\]]*\]|[^:\/?#]*)(?::([0-9]*))?/.exec(String(v));
    var host = m && parseHost(m[1], this._protocol in SPECIAL);
    if (host === null || (!host && this._protocol in SPECIAL)) return;
    this._hostname = host;
    if (m[2]) this.port = m[2];
  }
  get origin() { return this._protocol in SPECIAL && this._protocol !== 'file:' ? this._protocol + '//' + this.host : 'null'; }
  get pathname() { return this._pathname; }
  set pathname(v) { v = String(v); this._pathname = encodePart(normPath(v.charAt(0) === '/' ? v : '/' + v, true), PATH_RE); }
  get search() { return this._search.length > 1 ? this._search : ''; }
  set search(v) {
    v = String(v);
    this._search = v === '' ? '' : '?' + encodePart(v.charAt(0) === '?' ? v.slice(1) : v, this._protocol in SPECIAL ? SPECIAL_QUERY_RE : QUERY_RE);
    this._sp._parse(this._search);
  }
  get searchParams() { return this._sp; }
  get hash() { return this._hash.length > 1 ? this._hash : ''; }
  set hash(v) { v = String(v); this._hash = v === '' ? '' : '#' + encodePart(v.replace(/^#/, ''), FRAGMENT_RE); }
  get href() {
    if (this._opaque) return this._protocol + this._pathname + this._search + this._hash;
    var cred = this._username || this._password ? this._username + (this._password ? ':' + this._password : '') + '@' : '';
    return this._protocol + '//' + cred + this.host + this._pathname + this._search + this._hash;
  }
  set href(v) { var u = new URL(v); this._copy(u); this._hash = u._hash; this._opaque = u._opaque; this._sp._parse(this._search); }
  toString() { return this.href; }
  toJSON() { return this.href; }
  static canParse(u, b) { try { new URL(u, b); return true; } catch (e) { return false; } }
  static parse(u, b) { try { return new URL(u, b); } catch (e) { return null; } }
}
// Node's legacy API (url.parse/format/resolve), on top of the WHATWG parser where it can be.
function Url() {}
function parse(str, parseQuery) {
  var u = new Url();
  str = String(str).trim();
  var m = /^([a-zA-Z][a-zA-Z0-9+.\-]*:)?(\/\/([^\/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?$/.exec(str) || [];
  u.protocol = m[1] ? m[1].toLowerCase() : null;
  u.slashes = m[2] ? true : null;
  var authority = m[3] || '';
  var at = authority.lastIndexOf('@');
  u.auth = at >= 0 ? decodeURIComponent(authority.slice(0, at)) : null;
  var hostPart = at >= 0 ? authority.slice(at + 1) : authority;
  u.host = m[2] ? hostPart.toLowerCase() : null;
  var pm = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(hostPart) || [];
  u.port = m[2] && pm[2] ? pm[2] : null;
  u.hostname = m[2] ? (pm[1] || '').toLowerCase().replace(/^\[|\]$/g, '') : null;
  u.hash = m[6] || null;
  u.search = m[5] || (parseQuery ? '' : null);
  u.query = parseQuery ? qs.parse((m[5] || '').slice(1)) : m[5] ? m[5].slice(1) : null;
  u.pathname = m[4] || (m[2] ? '/' : null);
  u.path = (u.pathname || '') + (u.search || '') || null;
  u.href = format(u);
  return u;
}
function format(u) {
  if (typeof u === 'string') u = parse(u);
  if (u instanceof URL) return u.href;
  var protocol = u.protocol ? (u.protocol.slice(-1) === ':' ? u.protocol : u.protocol + ':') : '';
  var host = u.host || (u.hostname ? u.hostname + (u.port ? ':' + u.port : '') : '');
  var auth = u.auth ? encodeURIComponent(u.auth).replace(/%3A/i, ':') + '@' : '';
  var search = u.search || (u.query && typeof u.query === 'object' && Object.keys(u.query).length ? '?' + qs.stringify(u.query) : u.query && typeof u.query === 'string' ? '?' + u.query : '');
  if (search && search.charAt(0) !== '?') search = '?' + search;
  var hash = u.hash ? (u.hash.charAt(0) === '#' ? u.hash : '#' + u.hash) : '';
  var slashes = u.slashes || host || protocol in SPECIAL ? '//' : '';
  var pathname = u.pathname || '';
  if (host && pathname && pathname.charAt(0) !== '/') pathname = '/' + pathname;
  return protocol + (host || auth ? slashes + auth + host : slashes && protocol === 'file:' ? slashes : '') + pathname + search + hash;
}
function resolve(from, to) { return new URL(to, new URL(from, 'resolve://')).href.replace(/^resolve:\/\/\/?/, from.charAt(0) === '/' ? '/' : ''); }
function fileURLToPath() { throw new Error('url.fileURLToPath is not available in hooks: hooks have no file system'); }
module.exports = { URL: URL, URLSearchParams: URLSearchParams, parse: parse, format: format, resolve: resolve, Url: Url,
  fileURLToPath: fileURLToPath, pathToFileURL: fileURLToPath,
  domainToASCII: function (d) { return String(d).toLowerCase(); }, domainToUnicode: function (d) { return String(d); } };
`,

  // --- web platform pieces -----------------------------------------------------------------------
  _abort: String.raw`
function makeError(name, message) { var e = new Error(message); e.name = name; e.code = name === 'AbortError' ? 20 : 23; return e; }
class EventTarget {
  constructor() { this._listeners = Object.create(null); }
  addEventListener(type, fn, opts) {
    if (typeof fn !== 'function' && !(fn && typeof fn.handleEvent === 'function')) return;
    (this._listeners[type] || (this._listeners[type] = [])).push({ fn: fn, once: !!(opts && opts.once) });
  }
  removeEventListener(type, fn) { var l = this._listeners[type]; if (l) this._listeners[type] = l.filter(function (e) { return e.fn !== fn; }); }
  dispatchEvent(event) {
    var self = this;
    if (event && typeof event === 'object' && !event.target) try { event.target = self; } catch (e) {}
    var handler = this['on' + event.type];
    if (typeof handler === 'function') handler.call(this, event);
    (this._listeners[event.type] || []).slice().forEach(function (e) {
      if (e.once) self.removeEventListener(event.type, e.fn);
      if (typeof e.fn === 'function') e.fn.call(self, event); else e.fn.handleEvent(event);
    });
    return true;
  }
}
class Event { constructor(type, init) { this.type = String(type); this.bubbles = !!(init && init.bubbles); this.cancelable = !!(init && init.cancelable); this.defaultPrevented = false; this.timeStamp = Date.now(); } preventDefault() { if (this.cancelable) this.defaultPrevented = true; } }
class AbortSignal extends EventTarget {
  constructor(key) { if (key !== AbortSignal._key) throw new TypeError('Illegal constructor'); super(); this.aborted = false; this.reason = undefined; this.onabort = null; }
  throwIfAborted() { if (this.aborted) throw this.reason; }
  _abort(reason) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason === undefined ? makeError('AbortError', 'This operation was aborted') : reason;
    this.dispatchEvent(new Event('abort'));
  }
  static abort(reason) { var s = new AbortSignal(AbortSignal._key); s._abort(reason); return s; }
  static timeout(ms) { var s = new AbortSignal(AbortSignal._key); setTimeout(function () { s._abort(makeError('TimeoutError', 'The operation was aborted due to timeout')); }, ms); return s; }
  static any(signals) {
    var s = new AbortSignal(AbortSignal._key);
    signals.forEach(function (x) { if (x.aborted) s._abort(x.reason); else x.addEventListener('abort', function () { s._abort(x.reason); }); });
    return s;
  }
}
AbortSignal._key = {};
class AbortController {
  constructor() { this.signal = new AbortSignal(AbortSignal._key); }
  abort(reason) { this.signal._abort(reason); }
}
module.exports = { AbortController: AbortController, AbortSignal: AbortSignal, EventTarget: EventTarget, Event: Event, makeError: makeError };
`,

  _clone: String.raw`
var makeError = require('_abort').makeError;
function structuredClone(value, options) {
  var seen = new Map();
  function clone(v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) {
      if (typeof v === 'symbol') throw makeError('DataCloneError', String(v) + ' could not be cloned.');
      return v;
    }
    if (typeof v === 'function') throw makeError('DataCloneError', (v.name || 'function') + ' could not be cloned.');
    if (seen.has(v)) return seen.get(v);
    var out;
    if (v instanceof Date) out = new Date(v.getTime());
    else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
    else if (v instanceof ArrayBuffer) out = v.slice(0);
    else if (ArrayBuffer.isView(v)) {
      var Ctor = v instanceof DataView ? DataView : Object.getPrototypeOf(Uint8Array).isPrototypeOf(v.constructor) || v.constructor === Uint8Array ? v.constructor : Uint8Array;
      if (typeof Buffer === 'function' && v instanceof Buffer) Ctor = Uint8Array;
      out = new Ctor(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    } else if (v instanceof Map) { out = new Map(); seen.set(v, out); v.forEach(function (val, k) { out.set(clone(k), clone(val)); }); return out; }
    else if (v instanceof Set) { out = new Set(); seen.set(v, out); v.forEach(function (val) { out.add(clone(val)); }); return out; }
    else if (v instanceof Error) { out = new Error(v.message); out.name = v.name; if (v.stack) out.stack = v.stack; }
    else if (v instanceof Boolean || v instanceof Number || v instanceof String) out = Object(v.valueOf());
    else if (Array.isArray(v)) { out = new Array(v.length); seen.set(v, out); for (var i = 0; i < v.length; i++) if (i in v) out[i] = clone(v[i]); return out; }
    else {
      if (v instanceof Promise || v instanceof WeakMap || v instanceof WeakSet) throw makeError('DataCloneError', '#<' + v.constructor.name + '> could not be cloned.');
      out = {}; seen.set(v, out);
      var keys = Object.keys(v);
      for (var j = 0; j < keys.length; j++) out[keys[j]] = clone(v[keys[j]]);
      return out;
    }
    seen.set(v, out);
    return out;
  }
  if (arguments.length === 0) throw new TypeError("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
  return clone(value);
}
module.exports = { structuredClone: structuredClone };
`,

  // Hooks have no ICU. This subset covers the common calls; anything else throws a clear error.
  _intl: String.raw`
function unavailable(what) { return new Error('Intl.' + what + ' is not available in hooks (Tokenhook provides Intl.DateTimeFormat().resolvedOptions() and Intl.NumberFormat for en-US only)'); }
function checkLocale(locales) {
  var l = Array.isArray(locales) ? locales[0] : locales;
  if (l !== undefined && !/^en(-US)?$/i.test(String(l))) throw unavailable('with locale ' + l);
}
function DateTimeFormat(locales, options) {
  if (!(this instanceof DateTimeFormat)) return new DateTimeFormat(locales, options);
  checkLocale(locales);
  if (options && options.timeZone && !/^(UTC|Etc\/UTC|GMT)$/i.test(options.timeZone)) throw unavailable('DateTimeFormat with timeZone ' + options.timeZone + ' (hooks run in UTC)');
  this._options = options || {};
}
DateTimeFormat.prototype.resolvedOptions = function () { return { locale: 'en-US', calendar: 'gregory', numberingSystem: 'latn', timeZone: 'UTC' }; };
DateTimeFormat.prototype.format = function (d) {
  if (Object.keys(this._options).some(function (k) { return k !== 'timeZone'; })) throw unavailable('DateTimeFormat.format with options');
  var date = d === undefined ? new Date() : new Date(d);
  return (date.getUTCMonth() + 1) + '/' + date.getUTCDate() + '/' + date.getUTCFullYear();
};
function NumberFormat(locales, options) {
  if (!(this instanceof NumberFormat)) return new NumberFormat(locales, options);
  checkLocale(locales);
  options = options || {};
  Object.keys(options).forEach(function (k) { if (k !== 'maximumFractionDigits' && k !== 'minimumFractionDigits' && k !== 'useGrouping') throw unavailable('NumberFormat option ' + k); });
  this._min = options.minimumFractionDigits || 0;
  this._max = options.maximumFractionDigits === undefined ? Math.max(3, this._min) : options.maximumFractionDigits;
  this._group = options.useGrouping !== false;
}
NumberFormat.prototype.format = function (n) {
  n = Number(n);
  if (!isFinite(n)) return n !== n ? 'NaN' : (n < 0 ? '-' : '') + '\u221e';
  var s = Math.abs(n).toFixed(this._max).replace(/\.?0+$/, function (m) { return m; });
  var parts = s.split('.'), frac = (parts[1] || '').replace(/0+$/, '');
  while (frac.length < this._min) frac += '0';
  var int = this._group ? parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',') : parts[0];
  return (n < 0 ? '-' : '') + int + (frac ? '.' + frac : '');
};
NumberFormat.prototype.resolvedOptions = function () { return { locale: 'en-US', numberingSystem: 'latn', minimumFractionDigits: this._min, maximumFractionDigits: this._max, useGrouping: this._group }; };
var Intl = { DateTimeFormat: DateTimeFormat, NumberFormat: NumberFormat, getCanonicalLocales: function (l) { checkLocale(l); return ['en-US']; } };
['Collator', 'PluralRules', 'RelativeTimeFormat', 'ListFormat', 'Segmenter', 'DisplayNames', 'Locale'].forEach(function (name) {
  Intl[name] = function () { throw unavailable(name); };
});
module.exports = Intl;
`,

  // --- outbound HTTP (the host's 'fetch' operation decides what may be reached) -----------------
  _fetch: String.raw`
var Buffer = require('buffer').Buffer;
var codec = require('_codec');
var URLSearchParams = require('url').URLSearchParams;
var makeError = require('_abort').makeError;
function normName(n) {
  n = String(n);
  if (!/^[!#$%&'*+\-.^_|~0-9A-Za-z]+$/.test(n)) throw new TypeError('Invalid header name: ' + n);
  return n.toLowerCase();
}
class Headers {
  constructor(init) {
    this._map = new Map();
    if (init === undefined || init === null) return;
    if (init instanceof Headers) init.forEach(function (v, k) { this.append(k, v); }, this);
    else if (typeof init[Symbol.iterator] === 'function') for (var p of init) this.append(p[0], p[1]);
    else for (var k of Object.keys(init)) this.append(k, init[k]);
  }
  append(k, v) { this._add(normName(k), String(v).trim()); }
  _add(name, value) { var cur = this._map.get(name); this._map.set(name, cur === undefined ? [value] : cur.concat([value])); }
  set(k, v) { this._map.set(normName(k), [String(v).trim()]); }
  get(k) { var v = this._map.get(normName(k)); return v === undefined ? null : v.join(', '); }
  getSetCookie() { return (this._map.get('set-cookie') || []).slice(); }
  has(k) { return this._map.has(normName(k)); }
  delete(k) { this._map.delete(normName(k)); }
  forEach(fn, self) { var keys = Array.from(this._map.keys()).sort(); for (var k of keys) fn.call(self, this.get(k), k, this); }
  keys() { return Array.from(this._map.keys()).sort()[Symbol.iterator](); }
  values() { var self = this; return Array.from(this._map.keys()).sort().map(function (k) { return self.get(k); })[Symbol.iterator](); }
  entries() { var self = this; return Array.from(this._map.keys()).sort().map(function (k) { return [k, self.get(k)]; })[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
  _pairs() { var out = []; this._map.forEach(function (vs, k) { vs.forEach(function (v) { out.push([k, v]); }); }); return out; }
}
class Blob {
  constructor(parts, options) {
    var chunks = (parts || []).map(function (p) { return p instanceof Blob ? p._bytes : typeof p === 'string' ? codec.utf8Encode(p) : codec.toBytes(p); });
    this._bytes = Buffer.concat(chunks);
    this.type = options && options.type ? String(options.type).toLowerCase() : '';
  }
  get size() { return this._bytes.length; }
  arrayBuffer() { var b = this._bytes; return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); }
  bytes() { return Promise.resolve(new Uint8Array(this._bytes)); }
  text() { return Promise.resolve(codec.utf8Decode(this._bytes)); }
  slice(start, end, type) { var b = new Blob([], { type: type }); b._bytes = Buffer.from(this._bytes.subarray(start, end)); return b; }
  stream() { throw new TypeError('Blob streams are not available in hooks; use arrayBuffer() or text()'); }
  get [Symbol.toStringTag]() { return 'Blob'; }
}
class File extends Blob {
  constructor(parts, name, options) { super(parts, options); this.name = String(name); this.lastModified = (options && options.lastModified) || Date.now(); }
  get [Symbol.toStringTag]() { return 'File'; }
}
class FormData {
  constructor() { this._list = []; }
  _entry(name, value, filename) {
    if (value instanceof Blob) return [String(name), value instanceof File && filename === undefined ? value : new File([value], filename === undefined ? (value.name || 'blob') : filename, { type: value.type })];
    return [String(name), String(value)];
  }
  append(name, value, filename) { this._list.push(this._entry(name, value, filename)); }
  set(name, value, filename) { this.delete(name); this.append(name, value, filename); }
  get(name) { name = String(name); for (var e of this._list) if (e[0] === name) return e[1]; return null; }
  getAll(name) { name = String(name); return this._list.filter(function (e) { return e[0] === name; }).map(function (e) { return e[1]; }); }
  has(name) { name = String(name); return this._list.some(function (e) { return e[0] === name; }); }
  delete(name) { name = String(name); this._list = this._list.filter(function (e) { return e[0] !== name; }); }
  forEach(fn, self) { for (var e of this._list.slice()) fn.call(self, e[1], e[0], this); }
  keys() { return this._list.map(function (e) { return e[0]; })[Symbol.iterator](); }
  values() { return this._list.map(function (e) { return e[1]; })[Symbol.iterator](); }
  entries() { return this._list.map(function (e) { return [e[0], e[1]]; })[Symbol.iterator](); }
  [Symbol.iterator]() { return this.entries(); }
  get [Symbol.toStringTag]() { return 'FormData'; }
  // multipart/form-data (RFC 7578) with a random boundary.
  _encode() {
    var boundary = '----formdata-hook-' + require('crypto').randomBytes(12).toString('hex');
    var esc = function (s) { return s.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22'); };
    var parts = [];
    this._list.forEach(function (e) {
      var head = '--' + boundary + '\r\nContent-Disposition: form-data; name="' + esc(e[0]) + '"';
      if (e[1] instanceof File) head += '; filename="' + esc(e[1].name) + '"\r\nContent-Type: ' + (e[1].type || 'application/octet-stream');
      parts.push(codec.utf8Encode(head + '\r\n\r\n'), e[1] instanceof Blob ? e[1]._bytes : codec.utf8Encode(e[1]), codec.utf8Encode('\r\n'));
    });
    parts.push(codec.utf8Encode('--' + boundary + '--\r\n'));
    return { bytes: Buffer.concat(parts), type: 'multipart/form-data; boundary=' + boundary };
  }
}
function bodyBytes(body, headers) {
  if (body === undefined || body === null) return null;
  if (body instanceof FormData) { var form = body._encode(); if (headers && !headers.has('content-type')) headers.set('content-type', form.type); return form.bytes; }
  if (body instanceof Blob) { if (headers && !headers.has('content-type') && body.type) headers.set('content-type', body.type); return Uint8Array.from(body._bytes); }
  if (typeof body === 'string') { if (headers && !headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8'); return codec.utf8Encode(body); }
  if (body instanceof URLSearchParams) { if (headers && !headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8'); return codec.utf8Encode(body.toString()); }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return Uint8Array.from(codec.toBytes(body));
  if (typeof body === 'object' && typeof body.getReader === 'function') throw new TypeError('Streaming request bodies are not available in hooks');
  return codec.utf8Encode(String(body));
}
class Body {
  _take() {
    if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.bodyUsed = true;
    return Promise.resolve(this._bytes || new Uint8Array(0));
  }
  arrayBuffer() { return this._take().then(function (b) { return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); }); }
  bytes() { return this._take().then(function (b) { return new Uint8Array(b); }); }
  text() { return this._take().then(function (b) { return codec.utf8Decode(b); }); }
  json() { return this.text().then(function (t) { return JSON.parse(t); }); }
  blob() { var self = this; return this._take().then(function (b) { return new Blob([b], { type: (self.headers && self.headers.get('content-type')) || '' }); }); }
  formData() { return Promise.reject(new TypeError('FormData is not available in hooks; use text()')); }
  get body() { if (this._bytes === null) return null; throw new TypeError('Response streams are not available in hooks; use text(), json() or arrayBuffer()'); }
}
// An absolute http(s) URL the URL parser would give back unchanged (the usual case: a literal in
// the hook) is taken as it is; the parser, interpreted here, costs about what a run of a short
// hook costs. Lowercase host names whose last label starts with a letter, or dotted-decimal IPv4
// without leading zeros; a port that is not the scheme's default; a path of plain characters
// without dot segments; a plain query; no user, no fragment.
var PLAIN_URL = /^(https?):\/\/((?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])|(?:(?!xn--)[a-z0-9-]+\.)*(?!xn--)[a-z][a-z0-9-]*)(?::([1-9][0-9]{0,4}))?(\/[A-Za-z0-9\-._~!$&'()*+,;=:@%\/]*)(\?[A-Za-z0-9\-._~!$&()*+,;=:@%\/?]*)?$/;
function href(input) {
  var m = PLAIN_URL.exec(input);
  if (m && !/\/\.\.?(?:\/|$)|%2e/i.test(m[4]) && (m[3] === undefined || (+m[3] <= 65535 && m[3] !== (m[1] === 'http' ? '80' : '443')))) return input;
  return new (require('url').URL)(input).href;
}
class Request extends Body {
  constructor(input, init) {
    super();
    init = init || {};
    var src = input instanceof Request ? input : null;
    this.url = src ? src.url : href(String(input));
    this.method = String(init.method || (src ? src.method : 'GET')).toUpperCase();
    this.headers = new Headers(init.headers || (src ? src.headers : undefined));
    this.signal = init.signal || (src ? src.signal : null);
    this.redirect = init.redirect || (src ? src.redirect : 'follow');
    var body = init.body !== undefined ? init.body : src ? src._bytes : null;
    if (body !== null && body !== undefined && (this.method === 'GET' || this.method === 'HEAD')) throw new TypeError('Request with GET/HEAD method cannot have body.');
    this._bytes = bodyBytes(body, this.headers);
    this.bodyUsed = false;
  }
  clone() { return new Request(this); }
}
class Response extends Body {
  constructor(body, init) {
    super();
    init = init || {};
    this.status = init.status === undefined ? 200 : init.status;
    this.statusText = init.statusText === undefined ? '' : String(init.statusText);
    this.headers = new Headers(init.headers);
    this._bytes = bodyBytes(body, this.headers);
    this.bodyUsed = false;
    this.url = init.url || '';
    this.redirected = !!init.redirected;
    this.type = 'basic';
  }
  get ok() { return this.status >= 200 && this.status < 300; }
  clone() { if (this.bodyUsed) throw new TypeError('Response.clone: Body has already been consumed.'); var r = new Response(this._bytes, this); r.url = this.url; r.redirected = this.redirected; return r; }
  static json(data, init) { var h = new Headers(init && init.headers); if (!h.has('content-type')) h.set('content-type', 'application/json'); return new Response(JSON.stringify(data), Object.assign({}, init, { headers: h })); }
  static error() { var r = new Response(null, { status: 0 }); r.type = 'error'; return r; }
  static redirect(url, status) { return new Response(null, { status: status || 302, headers: { location: String(url) } }); }
}
/**
 * One request through the host's 'fetch' operation: resolves with the host's answer or rejects with a TypeError carrying its message.
 * http(s).request asks for redirect 'manual' (Node's clients never follow redirects themselves).
 */
function send(url, method, pairs, bytes, signal, redirect) {
  var payload = { url: url, method: method, headers: pairs };
  if (redirect && redirect !== 'follow') payload.redirect = redirect;
  if (bytes && bytes.length) payload.bodyBase64 = codec.base64Encode(bytes);
  if (signal && signal.aborted) return Promise.reject(signal.reason);
  var call = host.call('fetch', payload).then(function (r) {
    if (r && r.error) {
      var e = new TypeError(String(r.error.message || 'fetch failed'));
      e.code = r.error.code;
      e.cause = { code: r.error.code, message: r.error.message };
      throw e;
    }
    return r;
  });
  if (!signal) return call;
  return new Promise(function (resolve, reject) {
    signal.addEventListener('abort', function () { reject(signal.reason); }, { once: true });
    call.then(resolve, reject);
  });
}
// Headers of an answer: names Node's HTTP parser has checked already, so only lowercased here.
function hostHeaders(pairs) {
  var h = new Headers();
  for (var i = 0; i < pairs.length; i++) h._add(String(pairs[i][0]).toLowerCase(), String(pairs[i][1]));
  return h;
}
function fetch(input, init) {
  try {
    var req = new Request(input, init);
  } catch (e) { return Promise.reject(e); }
  return send(req.url, req.method, req.headers._pairs(), req._bytes, req.signal, req.redirect).then(function (r) {
    var res = new Response(null, { status: r.status, statusText: r.statusText });
    res.headers = hostHeaders(r.headers);
    res._bytes = Buffer.from(r.bodyBase64 || '', 'base64');
    res.url = r.url; res.redirected = !!r.redirected;
    return res;
  });
}
module.exports = { fetch: fetch, Headers: Headers, Request: Request, Response: Response, FormData: FormData, Blob: Blob, File: File, send: send };
`,

  timers: String.raw`
module.exports = { setTimeout: setTimeout, clearTimeout: clearTimeout, setInterval: setInterval, clearInterval: clearInterval,
  setImmediate: setImmediate, clearImmediate: clearImmediate, promises: require('timers/promises') };
`,
  'timers/promises': String.raw`
module.exports = {
  setTimeout: function (ms, value) { return new Promise(function (resolve) { setTimeout(function () { resolve(value); }, ms); }); },
  setImmediate: function (value) { return new Promise(function (resolve) { setImmediate(function () { resolve(value); }); }); },
  scheduler: { wait: function (ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); } },
};
`,

  // --- what npm modules look for at require time --------------------------------------------------
  // The process object npm modules see (hook code has none): no part of the server's process,
  // only the shape libraries test (a Node version, nextTick, an empty env).
  _process: String.raw`
var EventEmitter = require('events');
function unavailable(name) { return function () { throw new Error('process.' + name + ' is not available in hooks'); }; }
var start = Date.now();
function hrtime(prev) {
  var ms = Date.now() - start, s = Math.floor(ms / 1000), ns = (ms % 1000) * 1e6;
  if (prev) { s -= prev[0]; ns -= prev[1]; if (ns < 0) { s--; ns += 1e9; } }
  return [s, ns];
}
hrtime.bigint = function () { return BigInt(Date.now() - start) * 1000000n; };
var process = Object.create(EventEmitter.prototype);
EventEmitter.call(process);
Object.assign(process, {
  title: 'hook', version: 'v20.0.0', versions: { node: '20.0.0' }, release: { name: 'node' }, platform: 'linux', arch: 'x64',
  env: {}, argv: ['node', 'hook.js'], argv0: 'node', execArgv: [], execPath: '/usr/bin/node', pid: 1, ppid: 0, exitCode: undefined, browser: false,
  features: {}, config: { variables: {} },
  nextTick: function (fn) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function');
    var args = Array.prototype.slice.call(arguments, 1);
    queueMicrotask(function () { fn.apply(undefined, args); });
  },
  cwd: function () { return '/'; }, umask: function () { return 18; }, uptime: function () { return (Date.now() - start) / 1000; },
  hrtime: hrtime, memoryUsage: function () { return { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }; },
  cpuUsage: function () { return { user: 0, system: 0 }; },
  emitWarning: function (w) { console.warn(String(w && w.message !== undefined ? w.message : w)); },
  binding: unavailable('binding'), chdir: unavailable('chdir'), exit: unavailable('exit'), abort: unavailable('abort'), kill: unavailable('kill'),
  dlopen: unavailable('dlopen'),
  stdout: { write: function (s) { console.log(String(s).replace(/\n$/, '')); return true; }, isTTY: false },
  stderr: { write: function (s) { console.error(String(s).replace(/\n$/, '')); return true; }, isTTY: false },
});
Object.defineProperty(process, Symbol.toStringTag, { value: 'process' });
module.exports = process;
`,

  // Responses reach hooks already decoded (the host undoes gzip, deflate and br and drops
  // content-encoding), so only the names libraries read at require time are here.
  zlib: String.raw`
function unavailable(name) { return function () { throw new Error('zlib.' + name + ' is not available in hooks (responses arrive already decoded)'); }; }
var constants = { Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5, Z_OK: 0, Z_STREAM_END: 1,
  Z_NEED_DICT: 2, Z_DEFAULT_COMPRESSION: -1, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1,
  BROTLI_OPERATION_FINISH: 2 };
var z = { constants: constants };
Object.keys(constants).forEach(function (k) { z[k] = constants[k]; });
['createGunzip', 'createGzip', 'createInflate', 'createDeflate', 'createInflateRaw', 'createDeflateRaw', 'createUnzip', 'createBrotliDecompress',
  'createBrotliCompress', 'gunzip', 'gunzipSync', 'gzip', 'gzipSync', 'inflate', 'inflateSync', 'deflate', 'deflateSync', 'inflateRaw',
  'inflateRawSync', 'deflateRaw', 'deflateRawSync', 'unzip', 'unzipSync', 'brotliDecompress', 'brotliDecompressSync', 'brotliCompress',
  'brotliCompressSync'].forEach(function (n) { z[n] = unavailable(n); });
module.exports = z;
`,

  net: String.raw`
function isIPv4(s) { return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(String(s)); }
function isIPv6(s) {
  s = String(s);
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.indexOf(':') < 0) return false;
  var v4 = s.lastIndexOf(':'), tail = s.slice(v4 + 1), groups = 8;
  if (tail.indexOf('.') >= 0) { if (!isIPv4(tail)) return false; s = s.slice(0, v4 + 1) + '0:0'; }
  var parts = s.split('::');
  if (parts.length > 2) return false;
  var ok = function (g) { return g === '' ? [] : g.split(':'); };
  var a = ok(parts[0]), b = parts.length === 2 ? ok(parts[1]) : [];
  if (!a.concat(b).every(function (x) { return /^[0-9a-fA-F]{1,4}$/.test(x); })) return false;
  return parts.length === 2 ? a.length + b.length < groups : a.length === groups;
}
function unavailable(name) { return function () { throw new Error('net.' + name + ' is not available in hooks: outbound HTTP goes through fetch, http and https'); }; }
module.exports = { isIP: function (s) { return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0; }, isIPv4: isIPv4, isIPv6: isIPv6,
  connect: unavailable('connect'), createConnection: unavailable('createConnection'), createServer: unavailable('createServer'),
  Socket: unavailable('Socket'), Server: unavailable('Server') };
`,
  tls: String.raw`
function unavailable(name) { return function () { throw new Error('tls.' + name + ' is not available in hooks: outbound HTTPS goes through fetch and https'); }; }
module.exports = { connect: unavailable('connect'), createServer: unavailable('createServer'), createSecureContext: unavailable('createSecureContext'),
  TLSSocket: unavailable('TLSSocket'), checkServerIdentity: function () { return undefined; }, rootCertificates: [], DEFAULT_MIN_VERSION: 'TLSv1.2',
  DEFAULT_MAX_VERSION: 'TLSv1.3', DEFAULT_ECDH_CURVE: 'auto' };
`,
  tty: String.raw`
module.exports = { isatty: function () { return false; },
  ReadStream: function () { throw new Error('tty.ReadStream is not available in hooks'); },
  WriteStream: function () { throw new Error('tty.WriteStream is not available in hooks'); } };
`,
  os: String.raw`
module.exports = { EOL: '\n', devNull: '/dev/null', platform: function () { return 'linux'; }, type: function () { return 'Linux'; },
  arch: function () { return 'x64'; }, release: function () { return ''; }, version: function () { return ''; }, machine: function () { return 'x86_64'; },
  hostname: function () { return 'localhost'; }, homedir: function () { return '/'; }, tmpdir: function () { return '/tmp'; },
  endianness: function () { return 'LE'; }, cpus: function () { return []; }, availableParallelism: function () { return 1; },
  totalmem: function () { return 0; }, freemem: function () { return 0; }, loadavg: function () { return [0, 0, 0]; }, uptime: function () { return 0; },
  networkInterfaces: function () { return {}; }, userInfo: function () { throw new Error('os.userInfo is not available in hooks'); },
  constants: { signals: {}, errno: {} } };
`,
  // POSIX paths over strings (hooks have no files; libraries use these on names and URLs).
  path: String.raw`
function norm(parts, abs) {
  var out = [];
  parts.forEach(function (p) {
    if (!p || p === '.') return;
    if (p === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!abs) out.push('..'); }
    else out.push(p);
  });
  return out;
}
function normalize(p) {
  p = String(p);
  if (p === '') return '.';
  var abs = p.charAt(0) === '/', trail = p.charAt(p.length - 1) === '/';
  var s = norm(p.split('/'), abs).join('/');
  if (!s && !abs) s = '.';
  if (s && trail) s += '/';
  return (abs ? '/' : '') + s;
}
function join() { var a = Array.prototype.filter.call(arguments, function (x) { if (typeof x !== 'string') throw new TypeError('The "path" argument must be of type string'); return x !== ''; }); return a.length ? normalize(a.join('/')) : '.'; }
function resolve() {
  var r = '';
  for (var i = arguments.length - 1; i >= 0 && r.charAt(0) !== '/'; i--) { var p = String(arguments[i]); if (p) r = p + (r ? '/' + r : ''); }
  var s = '/' + norm(r.split('/'), true).join('/');
  return s;
}
function dirname(p) { p = String(p); if (!p) return '.'; var s = p.replace(/\/+$/, ''); if (!s) return '/'; var i = s.lastIndexOf('/'); return i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i).replace(/\/+$/, '') || '/'; }
function basename(p, ext) { var b = String(p).replace(/\/+$/, ''); b = b.slice(b.lastIndexOf('/') + 1); if (ext && b !== ext && b.slice(-ext.length) === ext) b = b.slice(0, -ext.length); return b; }
function extname(p) { var b = basename(p), i = b.lastIndexOf('.'); return i <= 0 ? '' : b.slice(i); }
function isAbsolute(p) { return String(p).charAt(0) === '/'; }
function relative(from, to) {
  var a = resolve(from).split('/').filter(Boolean), b = resolve(to).split('/').filter(Boolean), i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i).map(function () { return '..'; }).concat(b.slice(i)).join('/');
}
function parse(p) {
  p = String(p);
  var root = isAbsolute(p) ? '/' : '', base = basename(p), ext = extname(p), dir = dirname(p);
  return { root: root, dir: dir === '.' && p.indexOf('/') < 0 ? '' : dir, base: base, ext: ext, name: ext ? base.slice(0, -ext.length) : base };
}
function format(o) { var dir = o.dir || o.root || '', base = o.base || (o.name || '') + (o.ext || ''); return dir ? (dir === o.root ? dir + base : dir + '/' + base) : base; }
var path = { sep: '/', delimiter: ':', normalize: normalize, join: join, resolve: resolve, dirname: dirname, basename: basename, extname: extname,
  isAbsolute: isAbsolute, relative: relative, parse: parse, format: format, toNamespacedPath: function (p) { return p; } };
path.posix = path;
path.win32 = path;
module.exports = path;
`,
  // Hooks have no file system: the module loads (libraries require it at load time) and every
  // call fails naming the function.
  fs: String.raw`
function fail(name) { return function () { throw new Error('fs.' + name + ' is not available in hooks: hooks have no file system'); }; }
var constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024 };
function stub(prefix) {
  return new Proxy({ constants: constants }, {
    get: function (target, name) {
      if (typeof name !== 'string' || name in target) return target[name];
      if (name === 'then' || name === '__esModule' || name === 'default') return undefined;
      return (target[name] = fail(prefix + name));
    },
  });
}
var fs = stub('');
fs.promises = stub('promises.');
module.exports = fs;
`,

  http: String.raw`
module.exports = require('_http')('http:');
`,
  https: String.raw`
module.exports = require('_http')('https:');
`,
  _http: String.raw`
var Stream = require('stream');
var Readable = Stream.Readable;
var EventEmitter = require('events');
var Buffer = require('buffer').Buffer;
var URL = require('url').URL;
var send = require('_fetch').send;
var STATUS = { 100: 'Continue', 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 410: 'Gone', 422: 'Unprocessable Entity', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
// The connection is the host's: hooks see a stand-in socket (TLS was verified by the host).
function FakeSocket(encrypted) {
  EventEmitter.call(this);
  this.encrypted = encrypted; this.authorized = true; this.authorizationError = null;
  this.connecting = false; this.destroyed = false; this.readable = true; this.writable = true;
}
Object.setPrototypeOf(FakeSocket.prototype, EventEmitter.prototype);
['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref', 'destroy', 'end', 'pause', 'resume'].forEach(function (n) { FakeSocket.prototype[n] = function () { return this; }; });
FakeSocket.prototype.address = function () { return {}; };
FakeSocket.prototype.getPeerCertificate = function () { return {}; };
// A response as a Readable stream; its body arrived whole from the host.
function IncomingMessage(r, socket) {
  Readable.call(this, { autoDestroy: true });
  this.statusCode = r.status; this.statusMessage = r.statusText || STATUS[r.status] || '';
  this.headers = {}; this.rawHeaders = []; this.trailers = {}; this.rawTrailers = []; this.url = '';
  this.httpVersion = '1.1'; this.httpVersionMajor = 1; this.httpVersionMinor = 1; this.complete = false; this.aborted = false;
  this.socket = this.connection = socket;
  this._bodyLeft = Buffer.from(r.bodyBase64 || '', 'base64');
  var h = this.headers;
  (r.headers || []).forEach(function (p) {
    var k = String(p[0]).toLowerCase(), v = String(p[1]);
    this.rawHeaders.push(p[0], v);
    if (k === 'set-cookie') (h[k] || (h[k] = [])).push(v);
    else h[k] = h[k] === undefined ? v : h[k] + ', ' + v;
  }, this);
  this.once('end', function () { this.complete = true; });
}
Object.setPrototypeOf(IncomingMessage.prototype, Readable.prototype);
Object.setPrototypeOf(IncomingMessage, Readable);
IncomingMessage.prototype._read = function () {
  var b = this._bodyLeft;
  if (b === null) return;
  this._bodyLeft = null;
  if (b.length) this.push(b);
  this.push(null);
};
IncomingMessage.prototype.setTimeout = function (ms, cb) { if (cb) this.once('timeout', cb); return this; };
module.exports = function (defaultProtocol) {
  // An outgoing request: written to like a stream, sent whole through the host at end().
  function ClientRequest(url, options, cb) {
    Stream.call(this);
    var self = this;
    this._url = url; this.method = String(options.method || 'GET').toUpperCase(); this.path = url.pathname + url.search;
    this.host = url.hostname; this.protocol = url.protocol;
    this._headers = {}; this._chunks = []; this._ended = false; this._aborted = false; this._timeoutMs = 0;
    this.destroyed = false; this.writable = true; this.finished = false; this.writableEnded = false; this.writableFinished = false;
    this.headersSent = false; this.aborted = false; this.reusedSocket = false; this.maxHeadersCount = null;
    this.socket = this.connection = new FakeSocket(url.protocol === 'https:');
    var h = options.headers || {};
    if (Array.isArray(h)) for (var i = 0; i + 1 < h.length; i += 2) this.setHeader(h[i], h[i + 1]);
    else Object.keys(h).forEach(function (k) { if (h[k] !== undefined) self.setHeader(k, h[k]); });
    var auth = options.auth || (url.username ? decodeURIComponent(url.username) + ':' + decodeURIComponent(url.password) : '');
    if (auth && !this.getHeader('authorization')) this.setHeader('Authorization', 'Basic ' + Buffer.from(auth).toString('base64'));
    if (typeof options.timeout === 'number') this._timeoutMs = options.timeout;
    this._signal = options.signal || null;
    if (cb) this.once('response', cb);
  }
  Object.setPrototypeOf(ClientRequest.prototype, Stream.prototype);
  Object.setPrototypeOf(ClientRequest, Stream);
  ClientRequest.prototype.setHeader = function (k, v) {
    if (this.headersSent) throw new Error('Cannot set headers after they are sent to the client');
    this._headers[String(k).toLowerCase()] = [k, v]; return this;
  };
  ClientRequest.prototype.getHeader = function (k) { var e = this._headers[String(k).toLowerCase()]; return e ? e[1] : undefined; };
  ClientRequest.prototype.getHeaders = function () { var o = {}; for (var k in this._headers) o[k] = this._headers[k][1]; return o; };
  ClientRequest.prototype.getHeaderNames = function () { return Object.keys(this._headers); };
  ClientRequest.prototype.getRawHeaderNames = function () { var self = this; return Object.keys(this._headers).map(function (k) { return self._headers[k][0]; }); };
  ClientRequest.prototype.hasHeader = function (k) { return String(k).toLowerCase() in this._headers; };
  ClientRequest.prototype.removeHeader = function (k) { delete this._headers[String(k).toLowerCase()]; };
  ClientRequest.prototype.flushHeaders = function () {};
  ClientRequest.prototype.setNoDelay = function () {};
  ClientRequest.prototype.setSocketKeepAlive = function () {};
  ClientRequest.prototype.cork = function () {};
  ClientRequest.prototype.uncork = function () {};
  ClientRequest.prototype.write = function (chunk, enc, cb) {
    if (typeof enc === 'function') { cb = enc; enc = undefined; }
    if (this._ended) { this._fail(new Error('write after end')); return false; }
    if (chunk === undefined || chunk === null) throw new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
    this._chunks.push(Buffer.from(typeof chunk === 'string' ? Buffer.from(chunk, enc) : chunk));
    if (cb) setTimeout(cb, 0);
    return true;
  };
  ClientRequest.prototype.setTimeout = function (ms, cb) { this._timeoutMs = ms; if (cb) this.once('timeout', cb); return this; };
  ClientRequest.prototype._fail = function (err) {
    if (this._aborted) return;
    this._aborted = true; this.destroyed = true;
    var self = this;
    setTimeout(function () { self.emit('error', err); self.emit('close'); }, 0);
  };
  ClientRequest.prototype.abort = function () {
    if (this._aborted) return;
    this._aborted = true; this.destroyed = true; this.aborted = true;
    var self = this;
    setTimeout(function () { self.emit('abort'); self.emit('close'); }, 0);
  };
  ClientRequest.prototype.destroy = function (err) {
    if (this._aborted) return this;
    if (err) this._fail(err); else { var e = new Error('socket hang up'); e.code = 'ECONNRESET'; this._fail(e); }
    return this;
  };
  ClientRequest.prototype.end = function (chunk, enc, cb) {
    if (typeof chunk === 'function') { cb = chunk; chunk = undefined; }
    else if (typeof enc === 'function') { cb = enc; enc = undefined; }
    if (chunk !== undefined && chunk !== null) this.write(chunk, enc);
    if (this._ended) return this;
    this._ended = true; this.finished = true; this.writableEnded = true; this.headersSent = true;
    if (cb) this.once('finish', cb);
    var self = this;
    var pairs = [];
    for (var k in this._headers) {
      var v = this._headers[k][1];
      if (Array.isArray(v)) v.forEach(function (x) { pairs.push([self._headers[k][0], String(x)]); });
      else pairs.push([this._headers[k][0], String(v)]);
    }
    var body = Buffer.concat(this._chunks);
    var timer = 0;
    if (this._timeoutMs > 0) timer = setTimeout(function () { self.emit('timeout'); }, this._timeoutMs);
    setTimeout(function () { self.writableFinished = true; self.emit('finish'); }, 0);
    send(this._url.href, this.method, pairs, body, this._signal, 'manual').then(function (r) {
      if (timer) clearTimeout(timer);
      if (self._aborted) return;
      var res = new IncomingMessage(r, self.socket);
      res.req = self;
      self.res = res;
      if (!self.emit('response', res)) res.resume();
      res.once('end', function () { self.emit('close'); });
    }, function (err) {
      if (timer) clearTimeout(timer);
      var e = new Error(err && err.message ? err.message : String(err));
      if (err && err.code) e.code = err.code;
      self._fail(e);
    });
    return this;
  };
  function toUrl(input, options) {
    if (typeof input === 'string') return new URL(input);
    if (input instanceof URL) return new URL(input.href);
    var o = input || options || {};
    var protocol = o.protocol || defaultProtocol;
    var host = o.hostname || (o.host ? String(o.host).replace(/:\d+$/, '') : 'localhost');
    if (host.indexOf(':') >= 0 && host.charAt(0) !== '[') host = '[' + host + ']';
    return new URL(protocol + '//' + host + (o.port ? ':' + o.port : '') + (o.path || '/'));
  }
  function request(input, options, cb) {
    if (typeof options === 'function') { cb = options; options = undefined; }
    var opts = typeof input === 'string' || input instanceof URL ? Object.assign({}, options || {}) : Object.assign({}, input || {}, options || {});
    var url = toUrl(input, opts);
    if (opts.path && (typeof input === 'string' || input instanceof URL)) url = new URL(opts.path, url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('Protocol "' + url.protocol + '" not supported. Expected "' + defaultProtocol + '"');
    return new ClientRequest(url, opts, cb);
  }
  function get(input, options, cb) { var req = request(input, options, cb); req.end(); return req; }
  // Connections are the host's: an Agent only carries options.
  function Agent(options) {
    if (!(this instanceof Agent)) return new Agent(options);
    EventEmitter.call(this);
    this.options = Object.assign({}, options); this.keepAlive = !!this.options.keepAlive;
    this.defaultPort = defaultProtocol === 'https:' ? 443 : 80; this.protocol = defaultProtocol;
    this.requests = {}; this.sockets = {}; this.freeSockets = {}; this.maxSockets = this.options.maxSockets || Infinity; this.maxFreeSockets = 256;
  }
  Object.setPrototypeOf(Agent.prototype, EventEmitter.prototype);
  Agent.defaultMaxSockets = Infinity;
  Agent.prototype.destroy = function () {};
  Agent.prototype.getName = function (o) { return (o && o.host || 'localhost') + ':' + (o && o.port || '') + ':'; };
  function unavailable() { throw new Error('http.createServer is not available in hooks: hooks make requests, they do not listen'); }
  var codes = {}; Object.keys(STATUS).forEach(function (k) { codes[k] = STATUS[k]; });
  return { request: request, get: get, Agent: Agent, globalAgent: new Agent(), ClientRequest: ClientRequest, IncomingMessage: IncomingMessage,
    OutgoingMessage: ClientRequest, METHODS: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'], STATUS_CODES: codes, maxHeaderSize: 16384,
    validateHeaderName: function (n) { if (!/^[!#$%&'*+\-.^_|~0-9A-Za-z]+$/.test(String(n))) { var e = new TypeError('Header name must be a valid HTTP token ["' + n + '"]'); e.code = 'ERR_INVALID_HTTP_TOKEN'; throw e; } },
    validateHeaderValue: function (n, v) { if (v === undefined || /[^\t\x20-\x7e\x80-\xff]/.test(String(v))) { var e = new TypeError('Invalid value for header "' + n + '"'); e.code = 'ERR_INVALID_CHAR'; throw e; } },
    createServer: unavailable, Server: unavailable };
};
`,
};
