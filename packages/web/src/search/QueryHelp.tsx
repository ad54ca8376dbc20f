const EXAMPLES: [string, string][] = [
  ['dimuon resonance', 'both words, anywhere'],
  ['"dark matter"', 'the exact phrase'],
  ['cadi_id:EXO-21-001', 'a value in a named field'],
  ['muon OR electron', 'either word'],
  ['higgs -tau', 'higgs, but not tau'],
  ['NOT calibration', 'everything without the word'],
  ['trigger:HLT_Mu*', 'wildcards: any ending'],
  ['doi:"10.1234/abc"', 'quote values with special characters such as /'],
];

/** The query language, by example. */
export function QueryHelp() {
  return (
    <details>
      <summary>Search syntax</summary>
      <table className="table">
        <caption className="visually-hidden">Query examples</caption>
        <tbody>
          {EXAMPLES.map(([query, meaning]) => (
            <tr key={query}>
              <td><code>{query}</code></td>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
