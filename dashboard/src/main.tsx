import { render } from 'preact';
import { useState } from 'preact/hooks';
import './app.css';
import { KeyForm } from './components/key-form';
import { EntityList } from './pages/entity-list';
import { EntityPage } from './pages/entity-page';
import { InstanceList } from './pages/instance-list';
import { InstancePage } from './pages/instance-page';
import { useRoute, type Route } from './route';

function Page({ route }: { readonly route: Route }) {
  switch (route.page) {
    case 'instances':
      return <InstanceList key={route.query.toString()} query={route.query} />;
    case 'instance':
      return <InstancePage key={route.instanceId} instanceId={route.instanceId} />;
    case 'entities':
      return <EntityList key={route.query.toString()} query={route.query} />;
    case 'entity':
      return <EntityPage key={`${route.name}/${route.key}`} name={route.name} entityKey={route.key} />;
  }
}

function App() {
  const route = useRoute();
  // A new key remounts the page, so it loads again with it.
  const [keyVersion, setKeyVersion] = useState(0);
  const section = route.page === 'entities' || route.page === 'entity' ? 'entities' : 'instances';
  return (
    <>
      <header>
        <strong>durable-ts</strong>
        <nav>
          <a href="#/instances" class={section === 'instances' ? 'current' : ''}>
            Instances
          </a>
          <a href="#/entities" class={section === 'entities' ? 'current' : ''}>
            Entities
          </a>
        </nav>
        <KeyForm onChange={() => setKeyVersion((v) => v + 1)} />
      </header>
      <div key={keyVersion}>
        <Page route={route} />
      </div>
    </>
  );
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
