// Healthcheck of the mongo service: initiates the single-node replica set rs0 on first start, then reports healthy
// (exit 0) only once this node is PRIMARY. Change streams (the catalog's index feed) need a replica set.
try {
  const status = rs.status();
  quit(status.members.some(m => m.self && m.stateStr === 'PRIMARY') ? 0 : 1);
} catch (e) {
  if (e.codeName === 'NotYetInitialized' || /no replset config/i.test(String(e.message))) {
    rs.initiate({_id: 'rs0', members: [{_id: 0, host: 'mongo:27017'}]});
  } else {
    print(e);
  }
  quit(1);
}
