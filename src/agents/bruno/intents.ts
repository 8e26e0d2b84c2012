/** What a question asks for. Each intent has one answer writer in `answers/`. */
export const INTENTS = [
  'current', 'range', 'extremes', 'compare', 'trend', 'anomalies', 'unhealthy_nodes', 'node_health', 'why', 'history', 'export', 'create_alert', 'list_alerts', 'delete_alert', 'help',
] as const;
export type Intent = (typeof INTENTS)[number];

const RULES: [Intent, RegExp][] = [
  ['create_alert', /\b(alert|notify|warn|page) me\b|\btell me (if|when)\b|\bset (up )?an? alert\b|\bcreate an? alert\b/],
  ['delete_alert', /\b(delete|remove|cancel|drop)\b.*\balert\b/],
  ['list_alerts', /\b(list|show|which|what|any)\b.*\balerts?\b.*\b(firing|active|rules?|set|have|are there)?|\bmy alerts\b/],
  ['export', /\b(export|download)\b|\bas (csv|ndjson|json)\b/],
  ['history', /\b(happened before|last time|root causes?|incidents?|what happened|history of incidents|ever happened)\b/],
  ['why', /^\s*why\b|\bwhat should (i|we) do\b|\brecommend(ation)?s?\b|\bwhat('s| is) (causing|wrong with)\b|\bunder (high )?load\b.*\?|\broot cause\b/],
  ['node_health', /\b(list|show|all)\b.*\b(nodes?|pis?)\b.*\b(health|status|vitals)\b|\b(list|show) (all |the |my )?(pi )?nodes\b|\bhealth (status )?of (all|every|the) (pi )?nodes\b|\bhow are (the|my|all)( pi)? nodes\b/],
  ['unhealthy_nodes', /\b(unhealthy|not healthy|sick|failing|offline|down|overloaded|in trouble|problems?)\b.*\b(nodes?|pis?)\b|\b(nodes?|pis?)\b.*\b(unhealthy|offline|down|overloaded|in trouble|struggling)\b|\bany (unhealthy|sick)\b/],
  ['anomalies', /\banomal(y|ies|ous)\b|\bspikes?\b|\bunusual\b|\boutliers?\b|\bincidents?\b|\bwhat went wrong\b/],
  ['compare', /\bcompare\b|\b(versus|vs\.?)\b|\bwhich (location|node|warehouse|room|pi)s? (is|was|has|had) (the )?(warm|hot|cold|cool|humid|dri)|\bdifference between\b/],
  ['trend', /\btrend(ing)?\b|\b(rising|falling|increasing|decreasing|going up|going down|dropping|climbing)\b/],
  ['extremes', /\bwhen was\b.*\b(cold|hot|warm|cool|humid|dr[yi]|high|low)(est)?\b|\b(coldest|hottest|warmest|coolest|driest|most humid|highest|lowest|peak)\b/],
  ['current', /\b(latest|most recent|currently|at the moment)\b(?!.*\b(last|past|since|yesterday|today)\b)/],
  ['range', /\b(summar(y|ise|ize)|stats|statistics)\b|\b\d+\s?(h|d|w)\b|\b(readings?|history|historical|average|avg|mean|min(imum)?|max(imum)?|highest|lowest|peak|range|trend)\b|\b(last|past|previous)\s+(\d+|[a-z]+)?\s*(minutes?|hours?|days?|weeks?)\b|\byesterday\b|\btoday\b|\bsince\b/],
  ['current', /\b(temp(erature)?|humid(ity)?|pressure|how (hot|cold|warm|humid|dry))\b|\bcurrent(ly)?\b|\bright now\b/],
];

/**
 * Picks the intent of a question by ordered rules (most specific first).
 * @example
 * classifyIntent('Are there any unhealthy Pi nodes?') // 'unhealthy_nodes'
 */
export function classifyIntent(question: string): Intent {
  const q = question.toLowerCase();
  for (const [intent, rule] of RULES) if (rule.test(q)) return intent;
  return 'help';
}
