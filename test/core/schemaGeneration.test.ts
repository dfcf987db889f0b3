// The committed schemas are what the generator makes of the shared Graph metadata, and the generator reads
// what full metadata adds (annotations) and finds every type from mobileAppAssignment down.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildVersionTypes, findMetadata, generateSchemas, parseCsdl } from '../../scripts/generateSchemas';

const root = join(__dirname, '..', '..', '..');
const shared = join(root, '..', 'shared', 'graph');

describe('schema generation', () => {
  it('the committed schemas/ is what the shared metadata generates', function () {
    if (!existsSync(shared)) this.skip(); // CI and developers have ../shared; a bare clone of the project does not
    const files = findMetadata(shared);
    const generated = generateSchemas({ beta: readFileSync(files.beta, 'utf8'), 'v1.0': readFileSync(files['v1.0'], 'utf8') });
    assert.equal(generated.length, 3);
    for (const file of generated) {
      const committed = readFileSync(join(root, 'schemas', file.path), 'utf8');
      assert.ok(committed === file.content, `schemas/${file.path} is stale: run npm run schemas`);
    }
  });

  it('has every target, settings type, nested type and enum of beta and v1.0', () => {
    const map = JSON.parse(readFileSync(join(root, 'schemas', 'graph-types.json'), 'utf8'));
    const count = (version: string, slot: string) =>
      Object.values(map.versions[version].types).filter((t: any) => t.slot === slot && !t.abstract).length;
    assert.equal(count('beta', 'target'), 5);
    assert.equal(count('beta', 'settings'), 17);
    assert.equal(count('v1.0', 'target'), 5);
    assert.equal(count('v1.0', 'settings'), 8);
    assert.equal(Object.keys(map.versions.beta.enums).length, 12);
    for (const nested of ['mobileAppInstallTimeSettings', 'win32LobAppRestartSettings', 'win32LobAppAutoUpdateSettings', 'winGetAppInstallTimeSettings', 'winGetAppRestartSettings', 'windowsAutoUpdateCatalogAppInstallTimeSettings', 'windowsAutoUpdateCatalogAppRestartSettings']) {
      assert.ok(map.versions.beta.types[`microsoft.graph.${nested}`], nested);
    }
    for (const version of ['beta', 'v1.0']) {
      for (const [name, type] of Object.entries<any>(map.versions[version].types)) {
        assert.ok(type.description, `${name} has no description`);
        for (const [p, info] of Object.entries<any>(type.properties)) assert.ok(info.description, `${name}.${p}`);
      }
    }
  });

  it('uses descriptions and Computed annotations from full metadata, inline or out of line', () => {
    const xml = `<?xml version="1.0"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EnumType Name="installIntent"><Member Name="available" Value="0"/><Member Name="required" Value="1"/></EnumType>
  <ComplexType Name="deviceAndAppManagementAssignmentTarget" Abstract="true"/>
  <ComplexType Name="allDevicesAssignmentTarget" BaseType="graph.deviceAndAppManagementAssignmentTarget">
    <Annotation Term="Org.OData.Core.V1.Description" String="Inline description."/>
  </ComplexType>
  <ComplexType Name="mobileAppAssignmentSettings" Abstract="true"/>
  <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
  <EntityType Name="mobileAppAssignment" BaseType="graph.entity">
    <Property Name="intent" Type="graph.installIntent" Nullable="false"/>
    <Property Name="target" Type="graph.deviceAndAppManagementAssignmentTarget"/>
    <Property Name="settings" Type="graph.mobileAppAssignmentSettings"/>
    <Property Name="origin" Type="Edm.String"/>
  </EntityType>
  <Annotations Target="microsoft.graph.mobileAppAssignment/intent"><Annotation Term="Org.OData.Core.V1.Description" String="From the metadata."/></Annotations>
  <Annotations Target="graph.mobileAppAssignment/origin">
    <Annotation Term="Org.OData.Core.V1.Description" String="Where it comes from."/>
    <Annotation Term="Org.OData.Core.V1.Computed" Bool="true"/>
  </Annotations>
</Schema></edmx:DataServices></edmx:Edmx>`;
    const types = buildVersionTypes(parseCsdl(xml));
    const root = types.types['microsoft.graph.mobileAppAssignment'];
    assert.equal(root.properties.intent.description, 'From the metadata.');
    assert.equal(root.properties.origin.readOnly, true);
    assert.equal(types.types['microsoft.graph.allDevicesAssignmentTarget'].description, 'Inline description.');
    assert.equal(types.types['microsoft.graph.allDevicesAssignmentTarget'].slot, 'target');
    assert.deepEqual(types.slots, {
      target: 'microsoft.graph.deviceAndAppManagementAssignmentTarget',
      settings: 'microsoft.graph.mobileAppAssignmentSettings',
    });
  });

  it('says which metadata is missing something rather than writing a half schema', () => {
    assert.throws(() => parseCsdl('<root/>'), /No CSDL <Schema>/);
    const noRoot = '<edmx:Edmx xmlns:edmx="x"><edmx:DataServices><Schema Namespace="microsoft.graph"></Schema></edmx:DataServices></edmx:Edmx>';
    assert.throws(() => buildVersionTypes(parseCsdl(noRoot)), /mobileAppAssignment is not in the metadata/);
  });
});
