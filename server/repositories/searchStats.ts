// What Postgres' own statistics know about the words in work items. ANALYZE (autovacuum runs it)
// keeps, for issues.search_vector, the ~1,000 most common lexemes and the fraction of rows holding
// each (pg_stats.most_common_elems / most_common_elem_freqs). Search reads them for two decisions:
// - how to run a prefix query: the planner prices GIN's partial match like a whole-word lookup, but
//   for a frequent prefix ("notif" in 8 % of a million items) gathering every match costs ~10× more
//   than reading rows in table order until enough have matched;
// - what a typo or a fragment of a common word means ("dashbord", "ashboar" → "dashboard"): a
//   thousand words compare in a millisecond, where a million titles' trigrams take tens.
// Without statistics (a fresh or small database) nothing is known and search takes the plain paths.
import type { Queryable } from './activityRepository.ts';

export interface WordStats {
  /** The planner's row count for issues. */
  rows: number;
  /** Fraction of items holding each asked-for lexeme that is a common one. */
  frequencies: Map<string, number>;
}

const FROM_STATS = `FROM pg_stats s
  CROSS JOIN LATERAL unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(w, f)
 WHERE s.schemaname = current_schema() AND s.tablename = 'issues' AND s.attname = 'search_vector'`;

/** Frequencies of the given lexemes and of every common lexeme starting with `prefix`. */
export async function wordStats(db: Queryable, lexemes: string[], prefix: string | null): Promise<WordStats> {
  const { rows } = await db.query<{ rows: number; freqs: Record<string, number> }>({
    name: 'search_word_stats',
    text: `SELECT (SELECT reltuples FROM pg_class WHERE oid = 'issues'::regclass)::float8 AS rows,
            coalesce(jsonb_object_agg(e.w, e.f) FILTER (WHERE e.w IS NOT NULL), '{}') AS freqs
       ${FROM_STATS} AND (e.w = ANY($1::text[]) OR starts_with(e.w, $2::text))`,
    values: [lexemes, prefix],
  });
  const row = rows[0];
  return { rows: Math.max(0, row?.rows ?? 0), frequencies: new Map(Object.entries(row?.freqs ?? {})) };
}

/** Fraction of items holding a lexeme that starts with `prefix` (an upper bound: a sum). */
export function prefixFrequency(stats: WordStats, prefix: string): number {
  let sum = 0;
  for (const [word, f] of stats.frequencies) if (word.startsWith(prefix)) sum += f;
  return Math.min(1, sum);
}

/** Common lexemes that `word` is a typo or a fragment of (pg_trgm word similarity), closest first. */
export async function similarCommonWords(db: Queryable, word: string): Promise<string[]> {
  const { rows } = await db.query<{ w: string }>({
    name: 'search_similar_words',
    text: `SELECT e.w ${FROM_STATS} AND $1 <% e.w AND e.w <> lower($1)
      ORDER BY word_similarity($1, e.w) DESC, e.w LIMIT 5`,
    values: [word],
  });
  return rows.map((r) => r.w);
}
