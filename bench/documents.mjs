// The documents of the benchmarks, generated once for both: realistic *.assign.json payloads that our server
// and the JSON Schema alike accept without a single diagnostic, deterministic from a seed. bench/lsp.mjs opens
// large ones (buildDocument, with the positions it edits and completes at); bench/lint.mjs writes thousands of
// small files (smallFile), a few percent of them with one mistake each.

/** A small deterministic generator (xorshift32) so every run benchmarks the same bytes. */
function randomSource(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  return {
    next,
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    weighted(entries) {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of entries) if ((r -= w) < 0) return value;
      return entries[entries.length - 1][0];
    },
  };
}

const G = '#microsoft.graph.';

/**
 * `count` assignments that both servers accept without a single diagnostic: unique group ids (no duplicate
 * targets, no group both included and excluded), all licensed users and all devices once each, filter ids always
 * with include/exclude, isRemovable only with "required", no install-only settings on "uninstall", deadlines after
 * starts. The assignment in the middle is "required" with Win32 settings: the edits flip its intent.
 */
function generateAssignments(count, seed) {
  const rnd = randomSource(seed);
  const used = new Set();
  const hex = (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(rnd.next() * 16)]).join('');
  const guid = () => {
    for (;;) {
      const id = `${hex(8)}-${hex(4)}-4${hex(3)}-${rnd.pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
  const filterIds = Array.from({ length: 12 }, guid); // a tenant has a handful of filters, reused everywhere
  const vpnIds = Array.from({ length: 4 }, guid);
  let collections = 0;
  const middle = Math.floor(count / 2);

  const dateTime = (dayOffset, hour) => new Date(Date.UTC(2026, 0, 5 + dayOffset, hour)).toISOString().replace('.000Z', 'Z');
  const installTime = (withStart) => {
    const start = rnd.int(0, 120);
    const deadline = start + rnd.int(0, 21);
    const settings = { useLocalTime: rnd.chance(0.6) };
    if (withStart) settings.startDateTime = dateTime(start, rnd.pick([0, 8, 9]));
    settings.deadlineDateTime = dateTime(deadline, 18);
    return settings;
  };
  const restart = () => ({
    gracePeriodInMinutes: rnd.pick([60, 240, 720, 1440]),
    countdownDisplayBeforeRestartInMinutes: rnd.pick([5, 10, 15, 30]),
    restartNotificationSnoozeDurationInMinutes: rnd.pick([null, 60, 240]),
  });
  const boolOrNull = () => rnd.pick([true, false, null]);

  const win32 = (type, intent) => ({
    '@odata.type': `${G}${type}`,
    notifications: rnd.pick(['showAll', 'showReboot', 'hideAll']),
    deliveryOptimizationPriority: rnd.pick(['notConfigured', 'foreground']),
    installTimeSettings: intent !== 'uninstall' && rnd.chance(0.75) ? installTime(true) : null,
    restartSettings: rnd.chance(0.6) ? restart() : null,
    // Auto-update of superseded apps is for available assignments (auto-update-intent).
    autoUpdateSettings: intent === 'available' && rnd.chance(0.5) ? { autoUpdateSupersededAppsState: rnd.pick(['notConfigured', 'enabled']) } : null,
  });
  const appleInstall = (intent) => ({
    isRemovable: intent === 'required' ? boolOrNull() : null,
    preventManagedAppBackup: intent === 'uninstall' ? null : boolOrNull(),
    uninstallOnDeviceRemoval: intent === 'uninstall' ? null : boolOrNull(),
  });
  const settingsMakers = {
    win32LobAppAssignmentSettings: (intent) => win32('win32LobAppAssignmentSettings', intent),
    win32CatalogAppAssignmentSettings: (intent) => win32('win32CatalogAppAssignmentSettings', intent),
    winGetAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}winGetAppAssignmentSettings`,
      notifications: rnd.pick(['showAll', 'showReboot', 'hideAll']),
      installTimeSettings: intent !== 'uninstall' && rnd.chance(0.6) ? installTime(false) : null,
      restartSettings: rnd.chance(0.5) ? restart() : null,
    }),
    windowsAutoUpdateCatalogAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}windowsAutoUpdateCatalogAppAssignmentSettings`,
      deliveryOptimizationPriority: rnd.pick(['notConfigured', 'foreground']),
      notificationType: rnd.pick(['showAll', 'showReboot', 'hideAll']),
      installTimeSettings: intent !== 'uninstall' && rnd.chance(0.7) ? installTime(true) : null,
      restartSettings: rnd.chance(0.6) ? restart() : null,
    }),
    iosVppAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}iosVppAppAssignmentSettings`,
      useDeviceLicensing: rnd.chance(0.7),
      ...appleInstall(intent),
      preventAutoAppUpdate: boolOrNull(),
      vpnConfigurationId: rnd.chance(0.2) ? rnd.pick(vpnIds) : null,
    }),
    iosLobAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}iosLobAppAssignmentSettings`,
      ...appleInstall(intent),
      vpnConfigurationId: rnd.chance(0.2) ? rnd.pick(vpnIds) : null,
    }),
    iosStoreAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}iosStoreAppAssignmentSettings`,
      ...appleInstall(intent),
      vpnConfigurationId: null,
    }),
    macOsVppAppAssignmentSettings: (intent) => {
      const { preventManagedAppBackup, uninstallOnDeviceRemoval } = appleInstall(intent);
      return {
        '@odata.type': `${G}macOsVppAppAssignmentSettings`,
        useDeviceLicensing: rnd.chance(0.5),
        preventAutoAppUpdate: boolOrNull(),
        preventManagedAppBackup,
        uninstallOnDeviceRemoval,
      };
    },
    macOsLobAppAssignmentSettings: (intent) => ({
      '@odata.type': `${G}macOsLobAppAssignmentSettings`,
      uninstallOnDeviceRemoval: intent === 'uninstall' ? null : boolOrNull(),
    }),
    androidManagedStoreAppAssignmentSettings: () => ({
      '@odata.type': `${G}androidManagedStoreAppAssignmentSettings`,
      androidManagedStoreAppTrackIds: Array.from({ length: rnd.int(0, 2) }, () => String(4699890512345678000 + rnd.int(0, 999_999))),
      autoUpdateMode: rnd.pick(['default', 'postponed', 'priority']),
    }),
    microsoftStoreForBusinessAppAssignmentSettings: () => ({
      '@odata.type': `${G}microsoftStoreForBusinessAppAssignmentSettings`,
      useDeviceContext: rnd.chance(0.5),
    }),
    windowsAppXAppAssignmentSettings: () => ({ '@odata.type': `${G}windowsAppXAppAssignmentSettings`, useDeviceContext: rnd.chance(0.5) }),
    windowsUniversalAppXAppAssignmentSettings: () => ({
      '@odata.type': `${G}windowsUniversalAppXAppAssignmentSettings`,
      useDeviceContext: rnd.chance(0.5),
    }),
  };
  const settingsWeights = [
    ['win32LobAppAssignmentSettings', 26],
    ['win32CatalogAppAssignmentSettings', 6],
    ['winGetAppAssignmentSettings', 8],
    ['windowsAutoUpdateCatalogAppAssignmentSettings', 4],
    ['iosVppAppAssignmentSettings', 14],
    ['iosLobAppAssignmentSettings', 5],
    ['iosStoreAppAssignmentSettings', 5],
    ['macOsVppAppAssignmentSettings', 5],
    ['macOsLobAppAssignmentSettings', 3],
    ['androidManagedStoreAppAssignmentSettings', 8],
    ['microsoftStoreForBusinessAppAssignmentSettings', 2],
    ['windowsAppXAppAssignmentSettings', 2],
    ['windowsUniversalAppXAppAssignmentSettings', 2],
    [null, 10],
  ];
  const filter = (target, probability) => {
    const mode = rnd.weighted([['filter', probability], ['none', 0.1], ['absent', 1 - probability - 0.1]]);
    if (mode === 'filter') {
      target.deviceAndAppManagementAssignmentFilterId = rnd.pick(filterIds);
      target.deviceAndAppManagementAssignmentFilterType = rnd.pick(['include', 'exclude']);
    } else if (mode === 'none') {
      target.deviceAndAppManagementAssignmentFilterId = null;
      target.deviceAndAppManagementAssignmentFilterType = 'none';
    }
    return target;
  };

  const assignments = [];
  for (let i = 0; i < count; i++) {
    let kind;
    if (i === middle) kind = 'edited';
    else if (count >= 3 && i === 1) kind = 'allUsers';
    else if (count >= 4 && i === 2) kind = 'allDevices';
    else kind = rnd.weighted([['group', 62], ['exclusion', 28], ['collection', 10]]);

    let intent;
    let target;
    let settingsType = rnd.weighted(settingsWeights);
    switch (kind) {
      case 'edited':
        // No filter: the target keeps properties to complete, so a one-assignment document has a key position.
        intent = 'required';
        settingsType = 'win32LobAppAssignmentSettings';
        target = { '@odata.type': `${G}groupAssignmentTarget`, groupId: guid() };
        break;
      case 'allUsers':
        intent = 'available';
        target = filter({ '@odata.type': `${G}allLicensedUsersAssignmentTarget` }, 0.5);
        break;
      case 'allDevices':
        intent = 'required';
        target = filter({ '@odata.type': `${G}allDevicesAssignmentTarget` }, 0.5);
        break;
      case 'group':
        intent = rnd.weighted([['required', 45], ['available', 35], ['uninstall', 13], ['availableWithoutEnrollment', 7]]);
        target = filter({ '@odata.type': `${G}groupAssignmentTarget`, groupId: guid() }, 0.35);
        break;
      case 'exclusion':
        intent = rnd.weighted([['required', 50], ['available', 35], ['uninstall', 15]]);
        target = { '@odata.type': `${G}exclusionGroupAssignmentTarget`, groupId: guid() };
        settingsType = null; // Intune ignores settings on exclusions; payloads send null
        break;
      case 'collection':
        intent = rnd.weighted([['required', 70], ['uninstall', 30]]);
        target = { '@odata.type': `${G}configurationManagerCollectionAssignmentTarget`, collectionId: `P01${String(++collections).padStart(5, '0')}` };
        break;
    }
    if (kind === 'edited') {
      const settings = settingsMakers.win32LobAppAssignmentSettings(intent);
      settings.installTimeSettings ??= installTime(true);
      settings.restartSettings ??= restart();
      assignments.push({ '@odata.type': `${G}mobileAppAssignment`, intent, target, settings });
    } else {
      assignments.push({ '@odata.type': `${G}mobileAppAssignment`, intent, target, settings: settingsType ? settingsMakers[settingsType](intent) : null });
    }
  }
  return { assignments, editIndex: middle };
}

/**
 * The document text (2-space JSON) plus, for each assignment, the positions the benchmark needs: its line range,
 * the intent value and, inside "target", its last key and its @odata.type value. Found by scanning the lines
 * JSON.stringify wrote, whose indentation is known: assignments at 4 spaces, their members at 6, target's at 8.
 */
export function buildDocument(count, seed) {
  const { assignments, editIndex } = generateAssignments(count, seed);
  const text = `${JSON.stringify({ mobileAppAssignments: assignments }, null, 2)}\n`;
  const lines = text.split('\n');
  const info = [];
  let current;
  let inTarget = false;
  for (let line = 0; line < lines.length; line++) {
    const l = lines[line];
    if (l === '    {') {
      current = { startLine: line, endLine: -1, intent: undefined, targetKey: undefined, targetType: undefined, targetFiltered: false };
      info.push(current);
    } else if (l === '    },' || l === '    }') {
      current.endLine = line;
    } else if (l.startsWith('      "intent": "')) {
      const quote = l.indexOf('"', '      "intent": '.length);
      current.intent = { line, character: quote + 1, value: l.slice(quote + 1, l.lastIndexOf('"')) };
    } else if (l === '      "target": {') {
      inTarget = true;
    } else if (inTarget && l.startsWith('      }')) {
      inTarget = false;
    } else if (inTarget && l.startsWith('        "')) {
      current.targetKey = { line, character: 9 };
      if (l.startsWith('        "deviceAndAppManagementAssignmentFilterId"')) current.targetFiltered = true;
      if (l.startsWith('        "@odata.type": "')) current.targetType = { line, character: '        "@odata.type": "'.length };
    }
  }
  if (info.length !== count || info.some((a) => a.endLine < 0 || !a.intent || !a.targetKey || !a.targetType)) {
    throw new Error(`bench: could not locate the positions in the generated ${count}-assignment document`);
  }
  const edited = info[editIndex];
  if (edited.intent.value !== 'required') throw new Error('bench: the edited assignment must start as "required"');
  return { count, text, bytes: Buffer.byteLength(text), lines: lines.length, assignments: info, editIndex, edited };
}

/** Each applies one mistake to an assignment, whatever its shape. */
const MISTAKES = [
  (a) => (a.intent = 'install'),
  (a) => (a.target = { '@odata.type': `${G}groupAssignmentTarget`, groupId: 'All Sales Laptops' }),
  (a) => (a.target['@odata.type'] = a.target['@odata.type'].slice(1)),
  (a) => (a.source = 'direct'),
];

/**
 * The `i`th file of a folder of small payloads: one to four assignments (1-3 KB), one mistake in every 33rd
 * file (`broken`), so a linter is expected to flag exactly those.
 */
export function smallFile(i) {
  const { assignments } = generateAssignments(1 + (i % 4), 0x5eed + i);
  const valid = `${JSON.stringify({ mobileAppAssignments: assignments }, null, 2)}\n`;
  const broken = i % 33 === 0;
  if (!broken) return { text: valid, valid, broken };
  MISTAKES[i % MISTAKES.length](assignments[0]);
  return { text: `${JSON.stringify({ mobileAppAssignments: assignments }, null, 2)}\n`, valid, broken };
}
