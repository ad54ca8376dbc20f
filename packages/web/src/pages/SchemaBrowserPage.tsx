import { Link, useParams } from 'react-router';
import { get } from '../api/client.js';
import type { JsonSchema, SchemaSummary } from '../api/types.js';
import { useResource } from '../api/use-resource.js';
import { Card } from '../design/Card.js';
import { Loading } from '../design/Loading.js';
import { SchemaTree } from '../record/SchemaTree.js';

/** Every schema with its versions; one of them as a readable field tree and as raw JSON. */
export default function SchemaBrowserPage() {
  const { name, version } = useParams();
  const list = useResource('schemas', () => get<SchemaSummary[]>('/api/jsonschemas/'));
  const versions = useResource(name, () => get<{ versions: string[] }>(`/api/jsonschemas/${encodeURIComponent(name!)}/versions`));
  const key = name && version ? `${name}/${version}` : undefined;
  const schema = useResource(key, () => get<SchemaSummary>(`/api/jsonschemas/${key}?resolve=True`));
  return (
    <div className="stack">
      <h1>Schemas</h1>
      <div className="split">
        <div className="stack">
          {key ? (
            schema.data ? (
              <>
                <Card title={`${schema.data.fullname} ${schema.data.version}`}>
                  <p className="muted">{(schema.data.deposit_schema?.description as string | undefined) ?? ''}</p>
                  <SchemaTree schema={schema.data.deposit_schema as JsonSchema} />
                </Card>
                <Card title="Raw JSON">
                  <details>
                    <summary>Show the resolved deposit schema</summary>
                    <pre>{JSON.stringify(schema.data.deposit_schema, null, 2)}</pre>
                  </details>
                </Card>
              </>
            ) : (
              <Loading error={schema.error} />
            )
          ) : (
            <p>Pick a schema and a version to see its fields.</p>
          )}
        </div>
        <nav aria-label="Schemas" className="card">
          {list.data ? (
            <ul className="stack schema-list">
              {list.data.map((s) => (
                <li key={s.name}>
                  <Link to={`/schema-browser/${s.name}/${s.version}`}>{s.fullname}</Link> <span className="muted">{s.kind}</span>
                  {s.name === name && versions.data && (
                    <ul>
                      {versions.data.versions.map((v) => (
                        <li key={v}>
                          <Link to={`/schema-browser/${s.name}/${v}`} aria-current={v === version ? 'page' : undefined}>{v}</Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <Loading error={list.error} />
          )}
        </nav>
      </div>
    </div>
  );
}
