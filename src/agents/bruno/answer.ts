/** A written answer and the structured data it was written from. */
export interface Answer {
  response: string;
  data: Record<string, unknown>;
}
