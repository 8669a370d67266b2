/** The % expansions of database client templates, in our words: what completion offers and hover explains. */
export const EXPANSIONS: readonly { text: string; query: string; result: string }[] = [
  { text: '%s', query: 'the lookup key, quoted for the database', result: 'the value found' },
  { text: '%u', query: 'the local part of the key (the whole key when it has no @)', result: 'the local part of the value found' },
  { text: '%d', query: 'the domain of the key; keys without one are not looked up', result: 'the domain of the value found' },
  { text: '%S', query: 'the lookup key, like %s', result: 'the lookup key' },
  { text: '%U', query: 'the local part of the key, like %u', result: 'the local part of the lookup key' },
  { text: '%D', query: 'the domain of the key, like %d', result: 'the domain of the lookup key' },
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => ({
    text: `%${n}`,
    query: `label ${n} of the key's domain counted from the right (in user@mail.example.com, %1 is com); keys with fewer labels are not looked up`,
    result: `label ${n} of the lookup key's domain counted from the right`,
  })),
  { text: '%%', query: 'a percent sign', result: 'a percent sign' },
];
