/**
 * Node 20's JSON.parse often reports no position ("Unexpected end of JSON input", "... is not valid
 * JSON"), so this small iterative scanner finds the offset of the first syntax error to name its
 * line. It only validates, builds nothing, and uses an explicit stack so deep nesting cannot
 * overflow the call stack. Returns -1 when the text is valid JSON.
 */
export function jsonErrorOffset(s: string): number {
  let i = 0;
  const stack: string[] = [];
  let expect: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'after' = 'value';
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const skipWhitespace = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  };
  /** Consumes a string starting at s[i] === '"'; false (with i at the fault) when malformed. */
  const string = (): boolean => {
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 92) {
        const n = s[i + 1];
        if (n === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (n !== undefined && '"\\/bfnrt'.includes(n)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  for (;;) {
    skipWhitespace();
    const c = s[i];
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < s.length ? i : -1;
      if (c === ',') {
        i++;
        expect = top === '[' ? 'value' : 'key';
      } else if ((top === '[' && c === ']') || (top === '{' && c === '}')) {
        stack.pop();
        i++;
      } else return i;
      continue;
    }
    if (expect === 'key' || expect === 'keyOrClose') {
      if (expect === 'keyOrClose' && c === '}') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      if (c !== '"' || !string()) return i;
      skipWhitespace();
      if (s[i] !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    // a value
    if (expect === 'valueOrClose' && c === ']') {
      stack.pop();
      i++;
      expect = 'after';
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    if (c === '"') {
      if (!string()) return i;
      expect = 'after';
      continue;
    }
    const literal = ['true', 'false', 'null'].find((l) => s.startsWith(l, i));
    if (literal) {
      i += literal.length;
      expect = 'after';
      continue;
    }
    number.lastIndex = i;
    if (number.test(s)) {
      i = number.lastIndex;
      expect = 'after';
      continue;
    }
    return i;
  }
}
