import type { SearchResult } from '../api/types.js';

/** Facets with their counts; several values of one facet may be selected (they are alternatives). */
export function FacetList({ aggregations, selected, onToggle }: { aggregations: SearchResult<unknown>['aggregations']; selected: (facet: string) => string[]; onToggle: (facet: string, value: string) => void }) {
  const facets = Object.entries(aggregations).filter(([, a]) => a.buckets.length > 0);
  if (facets.length === 0) return <p className="muted">No facets for these results.</p>;
  return (
    <div className="stack">
      {facets.map(([facet, { buckets }]) => (
        <fieldset key={facet} className="facet">
          <legend className="field-label">{facet.replace(/_/g, ' ')}</legend>
          {buckets.map((b) => {
            const id = `facet-${facet}-${b.key}`;
            return (
              <div key={b.key} className="facet-value">
                <input id={id} type="checkbox" checked={selected(facet).includes(b.key)} onChange={() => onToggle(facet, b.key)} />
                <label htmlFor={id}>
                  {b.key} <span className="muted">({b.doc_count})</span>
                </label>
              </div>
            );
          })}
        </fieldset>
      ))}
    </div>
  );
}
