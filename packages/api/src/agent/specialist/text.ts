/**
 * Light text normalisation shared by detection, focus choice and playbook relevance. Lexicon
 * entries go through the same function as questions, so "retries", "retrying" and "retried"
 * all meet "retry" without the lexicon listing every form.
 */

// Negations ("not", "never", "don't") are dropped like any other function word on purpose: "our
// webhook isn't retrying" is still a webhook question, so detection ignores polarity. "at",
// "up", "out", "off" and "once" stay: they carry meaning in "at rest", "back out", "exactly once".
const stopwords = new Set(
  `a an the and or but if then so of to in on by for from with without into onto over under
  about as is are was were be been being am do does did doing done have has had having i me my we
  us our ours you your yours they them their it its this that these those there here what which
  who whom whose when where why how can could should would will shall may might must need needs
  not no nor never dont doesnt didnt isnt arent wasnt werent cant cannot wont shouldnt couldnt
  t s d ll re ve m just also very really too more most some any all each every other another
  such only own same than again further both few lot lots get got gets
  like want wants wanted make makes made let lets use using used way ways thing things one`.split(
    /\s+/,
  ),
);

const irregular: Record<string, string> = {
  analyses: 'analysis',
  indices: 'index',
  criteria: 'criterion',
  data: 'data',
  ran: 'run',
  running: 'run',
  runs: 'run',
  broke: 'break',
  broken: 'break',
  fired: 'fire',
  firing: 'fire',
  fires: 'fire',
};

/** Strips common English suffixes; crude on purpose (predictable beats clever here). */
export function stem(word: string): string {
  const known = irregular[word];
  if (known) return known;
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  // British -ise spellings meet American -ize ones before suffixes come off.
  w = w.replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1');
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  // "-is" words keep their s ("analysis", "redis") unless they are short plurals ("apis", "kpis").
  else if (w.endsWith('s') && !/(ss|us)$/.test(w) && !(w.endsWith('is') && w.length > 4))
    w = w.slice(0, -1);
  if (w.endsWith('ations') || w.endsWith('ation')) w = w.replace(/ations?$/, 'at');
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  // "mapping" -> "mapp" -> "map"; keep genuine doubles like "access" (handled by the ss rule).
  if (/([b-df-hj-np-rtv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Lower-cased, accent-free tokens, stopwords removed, each stemmed. */
export function tokenize(text: string): string[] {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // Apostrophes join ("don't" -> "dont") so contractions hit the stopword list.
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ');
  const tokens: string[] = [];
  for (const raw of plain.split(' ')) {
    if (raw === '' || stopwords.has(raw)) continue;
    tokens.push(stem(raw));
  }
  return tokens;
}

/** Occurrences of `phrase` (a token sequence) in `tokens`; contiguous after stopword removal. */
export function countPhrase(tokens: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return 0;
  let count = 0;
  outer: for (let i = 0; i + phrase.length <= tokens.length; i += 1) {
    for (let j = 0; j < phrase.length; j += 1) {
      if (tokens[i + j] !== phrase[j]) continue outer;
    }
    count += 1;
  }
  return count;
}

/** A weighted term: a word or phrase, normalised once so matching is a token comparison. */
export interface CompiledTerm<TTag = undefined> {
  text: string;
  tokens: string[];
  weight: number;
  tag: TTag;
}

export function compileTerm<TTag>(text: string, weight: number, tag: TTag): CompiledTerm<TTag> {
  return { text, tokens: tokenize(text), weight, tag };
}
