#!/usr/bin/python3
"""Mongo stand-in: a small MongoDB wire-protocol server backed by mongomock.

Used by tests and local runs where no real mongod exists. It speaks enough of
the protocol (OP_MSG, plus legacy OP_QUERY for the first handshake) for the
.NET MongoDB.Driver 3.x and pymongo, and answers as a one-member replica set
primary. Data lives in memory only and is lost when the process exits.

Run with Debian's interpreter (it needs python3-mongomock and python3-pymongo):
    /usr/bin/python3 tests/mongo-standin/server.py --port 0 [--profile mongodb|cosmos-ru|documentdb]
Once listening it prints exactly one line: "listening on HOST:PORT".
A profile (profiles.py, cosmos_ru.py) decides what the server refuses and what requests cost.
"""
import argparse
import datetime
import itertools
import os
import signal
import socket
import socketserver
import struct
import sys
import threading
import time

import bson
import mongomock
import mongomock.aggregate
import mongomock.collection
import mongomock.filtering
import mongomock.helpers
from bson import json_util
from bson.binary import STANDARD
from bson.codec_options import CodecOptions
from bson.int64 import Int64
from bson.objectid import ObjectId
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure, WriteError

import lookups
from cosmos_ru import CosmosRuProfile
from profiles import (CAPABILITIES, HOUSEKEEPING, NULL_METER, CommandError, DocumentDbProfile, MongoDbProfile,
                      ThrottleHooks, throttled_write_error, too_many_requests)
from lookups import index_key_values

OP_REPLY, OP_QUERY, OP_MSG = 1, 2004, 2013
MSG_CHECKSUM_PRESENT, MSG_MORE_TO_COME = 1 << 0, 1 << 1
MAX_MESSAGE = 48_000_000
MAX_WIRE_VERSION = 21          # MongoDB 7.0; .NET MongoDB.Driver 3.14 needs >= 9 (4.4)
SERVER_VERSION = '7.0.0'
DEFAULT_BATCH = 101            # mongod's default first batch for find/aggregate
CURSOR_IDLE_SECONDS = 600      # forget cursors nobody fetched from for this long

# Datetimes are decoded *naive* (they are UTC; bson encodes naive values as
# UTC again, so round trips are exact to the millisecond). mongomock stores
# naive UTC internally and only normalises tz-aware values in some code paths
# (not in most aggregation stages), so naive everywhere avoids aware/naive
# comparison errors. BSON int64 decodes to bson.Int64 and is encoded back as
# int64. STANDARD keeps UUIDs as binary subtype 4 (C# GuidRepresentation.Standard)
# and leaves subtype 3 as opaque Binary, so both round-trip unchanged.
CODEC = CodecOptions(tz_aware=False, uuid_representation=STANDARD)

CODE_NAMES = {2: 'BadValue', 16: 'InvalidLength', 20: 'IllegalOperation', 26: 'NamespaceNotFound',
              27: 'IndexNotFound', 43: 'CursorNotFound', 48: 'NamespaceExists', 50: 'ExceededTimeLimit',
              59: 'CommandNotFound', 61: 'ShardKeyNotFound', 67: 'CannotCreateIndex',
              85: 'IndexOptionsConflict', 86: 'IndexKeySpecsConflict', 115: 'CommandNotSupported',
              11000: 'DuplicateKey', 16500: 'RequestRateTooLarge', 8000: 'StandInError'}
PROFILES = {p.name: p for p in (MongoDbProfile, CosmosRuProfile, DocumentDbProfile)}


# ------------------------------------------------- small patches to mongomock

def _inc_keeping_int64(doc, field, value):
    """$inc that keeps BSON int64: mongomock's plain `a + b` turns Int64 into int,
    which would then be encoded as int32 when small."""
    is_long = isinstance(value, Int64) or (
        isinstance(doc, dict) and isinstance(doc.get(field), Int64))
    _orig_inc(doc, field, value)
    if is_long and isinstance(doc, dict) and type(doc.get(field)) is int:
        doc[field] = Int64(doc[field])


def dup_key_message(ns, index_name, values):
    """The mongod wording; apps look for the index name in it."""
    shown = ', '.join('%s: %s' % (k, json_util.dumps(v)) for k, v in values.items())
    return 'E11000 duplicate key error collection: %s index: %s dup key: { %s }' % (
        ns, index_name, shown)


def _ensure_uniques_named(self, new_data):
    """Replaces mongomock's Collection._ensure_uniques (called after an insert or
    update, with new_data already stored) so the error names the index and key,
    and so the check is a lookup (lookups.py) rather than a collection scan."""
    lookups.note_changed(self._store, new_data)
    for name, index in self._store.indexes.items():
        if index.get('unique') and lookups.holder_of_same_key(self._store, name, index, new_data) is not None:
            raise DuplicateKeyError(dup_key_message(self.full_name, name, index_key_values(index, new_data)), 11000)


_orig_inc = mongomock.collection._updaters['$inc']
mongomock.collection._updaters['$inc'] = _inc_keeping_int64
mongomock.collection.Collection._ensure_uniques = _ensure_uniques_named
lookups.install()

LOCK = threading.Lock()        # mongomock is not thread safe: one command at a time
CLIENT = mongomock.MongoClient()
CURSORS = {}                   # cursor id -> {'ns', 'docs', 'used'}; guarded by LOCK
CONN_IDS = itertools.count(1)
ADDRESS = '127.0.0.1:27017'    # advertised host:port, set in main()
ELECTION_ID = ObjectId('7fffffff0000000000000001')
PROFILE = MongoDbProfile(None)  # set in main()
THROTTLES = ThrottleHooks()    # standinThrottleNext, in every profile; guarded by LOCK


# ----------------------------------------------------------------- helpers

def ok(**fields):
    fields['ok'] = 1.0
    return fields


def error_reply(code, errmsg):
    return {'ok': 0.0, 'errmsg': errmsg, 'code': code,
            'codeName': CODE_NAMES.get(code, 'UnknownError')}


def sort_spec(sort):
    """{a: 1, b: -1} -> [('a', 1), ('b', -1)], as mongomock expects."""
    if not sort:
        return None
    for key, direction in sort.items():
        if isinstance(direction, dict):   # {$meta: 'textScore'} etc.
            raise CommandError(2, 'sort by %s is not supported by the stand-in' % key)
    return [(k, int(d)) for k, d in sort.items()]


def make_cursor(ns, docs, batch_size, single_batch=False):
    """First-batch cursor reply; the rest is kept server-side for getMore."""
    batch_size = batch_size if batch_size and batch_size > 0 else DEFAULT_BATCH
    first, rest = docs[:batch_size], docs[batch_size:]
    cursor_id = 0
    if rest and not single_batch:
        now = time.monotonic()
        for stale in [c for c, v in CURSORS.items() if now - v['used'] > CURSOR_IDLE_SECONDS]:
            del CURSORS[stale]
        cursor_id = int.from_bytes(os.urandom(7), 'big') or 1   # positive, non-zero int64
        CURSORS[cursor_id] = {'ns': ns, 'docs': rest, 'used': now, 'created': now}
    return ok(cursor={'firstBatch': first, 'id': Int64(cursor_id), 'ns': ns})


def collection_exists(db, name):
    return name in db.list_collection_names()


def write_error(index, exc, coll, doc=None):
    """Per-document write error as mongod reports it (inside an ok:1 reply)."""
    msg = str(exc)
    if isinstance(exc, DuplicateKeyError):
        code = 11000
        if ' index: ' not in msg:        # mongomock's own duplicate-_id check
            msg = dup_key_message(coll.full_name, '_id_', {'_id': (doc or {}).get('_id')})
    else:
        code = exc.code or 2
    return {'index': index, 'code': code, 'errmsg': msg}


def do_update(coll, q, u, multi=False, upsert=False, array_filters=None):
    """Operator update ({$set: ...}) or whole-document replacement."""
    if isinstance(u, list):
        raise CommandError(8000, 'update pipelines (aggregation-style updates) are not '
                                 'supported by the stand-in (mongomock)')
    if u and next(iter(u)).startswith('$'):
        fn = coll.update_many if multi else coll.update_one
        return fn(q, u, upsert=upsert, array_filters=array_filters)
    if multi:
        raise CommandError(9, 'multi update is not supported for replacement-style update')
    return coll.replace_one(q, u, upsert=upsert)


# ----------------------------------------------------------------- commands

def cmd_hello(db, cmd, conn):
    # No topologyVersion on purpose: drivers then use plain polling heartbeats
    # (every 10 s) instead of streaming/awaitable hello, which we don't implement.
    return ok(
        helloOk=True, isWritablePrimary=True, ismaster=True, secondary=False,
        setName='rs0', setVersion=1, electionId=ELECTION_ID,
        hosts=[ADDRESS], primary=ADDRESS, me=ADDRESS,
        maxBsonObjectSize=16 * 1024 * 1024, maxMessageSizeBytes=MAX_MESSAGE,
        maxWriteBatchSize=PROFILE.max_write_batch, localTime=datetime.datetime.utcnow(),
        logicalSessionTimeoutMinutes=30, connectionId=conn.conn_id,
        minWireVersion=0, maxWireVersion=MAX_WIRE_VERSION, readOnly=False)


def cmd_list_databases(db, cmd, conn):
    names = CLIENT.list_database_names()
    dbs = [{'name': n, 'sizeOnDisk': 0, 'empty': False} for n in names]
    if cmd.get('filter'):
        dbs = [d for d in dbs if mongomock.filtering.filter_applies(cmd['filter'], d)]
    if cmd.get('nameOnly'):
        return ok(databases=[{'name': d['name']} for d in dbs])
    return ok(databases=dbs, totalSize=0)


def cmd_list_collections(db, cmd, conn):
    infos = []
    for name in sorted(db.list_collection_names()):
        info = {'name': name, 'type': 'collection', 'options': {},
                'info': {'readOnly': False},
                'idIndex': {'v': 2, 'key': {'_id': 1}, 'name': '_id_'}}
        if cmd.get('filter') and not mongomock.filtering.filter_applies(cmd['filter'], info):
            continue
        infos.append({'name': name, 'type': 'collection'} if cmd.get('nameOnly') else info)
    batch = (cmd.get('cursor') or {}).get('batchSize')
    return make_cursor(db.name + '.$cmd.listCollections', infos, batch)


def cmd_create(db, cmd, conn):
    if not collection_exists(db, cmd['create']):    # 7.0: re-creating is not an error
        db.create_collection(cmd['create'])
    return ok()


def cmd_drop(db, cmd, conn):
    name = cmd['drop']
    if not collection_exists(db, name):
        return ok()                      # 7.0: dropping a missing collection is not an error
    n_indexes = len(list(db[name].list_indexes()))
    db.drop_collection(name)
    return ok(ns='%s.%s' % (db.name, name), nIndexesWas=n_indexes)


def cmd_drop_database(db, cmd, conn):
    CLIENT.drop_database(db.name)
    return ok(dropped=db.name)


def cmd_insert(db, cmd, conn):
    coll, ordered = db[cmd['insert']], cmd.get('ordered', True)
    n, errors = 0, []
    for i, doc in enumerate(cmd.get('documents', [])):
        if (throttled := batch_fault(conn, i)) is not None:
            errors.append(throttled)
            break
        try:
            PROFILE.insert(coll, doc, conn.meter, lambda: coll.insert_one(doc))
            n += 1
        except (DuplicateKeyError, WriteError) as exc:
            errors.append(write_error(i, exc, coll, doc))
            if ordered:
                break
    reply = ok(n=n)
    if errors:
        reply['writeErrors'] = errors
    return reply


def cmd_find(db, cmd, conn):
    coll = db[cmd['find']]
    if cmd.get('collation'):
        raise CommandError(8000, 'collation is not supported by the stand-in (mongomock)')
    limit = int(cmd.get('limit', 0) or 0)
    single = cmd.get('singleBatch', False) or limit < 0
    skip = int(cmd.get('skip', 0) or 0)
    docs = list(coll.find(cmd.get('filter') or {}, projection=cmd.get('projection') or None,
                          skip=skip, limit=abs(limit), sort=sort_spec(cmd.get('sort'))))
    conn.meter.read(coll, cmd.get('filter'), skip + len(docs))
    return make_cursor(coll.full_name, docs, cmd.get('batchSize'), single)


def cmd_get_more(db, cmd, conn):
    cursor_id = int(cmd['getMore'])
    cur = CURSORS.get(cursor_id)
    if cur is not None and PROFILE.cursor_expired(cur, time.monotonic()):
        del CURSORS[cursor_id]
        cur = None
    if cur is None:
        raise CommandError(43, 'cursor id %d not found' % cursor_id)
    size = cmd.get('batchSize') or len(cur['docs'])
    batch, cur['docs'], cur['used'] = cur['docs'][:size], cur['docs'][size:], time.monotonic()
    if not cur['docs']:
        del CURSORS[cursor_id]
        cursor_id = 0
    return ok(cursor={'nextBatch': batch, 'id': Int64(cursor_id), 'ns': cur['ns']})


def cmd_kill_cursors(db, cmd, conn):
    killed, missing = [], []
    for cid in cmd.get('cursors', []):
        (killed if CURSORS.pop(int(cid), None) else missing).append(Int64(cid))
    return ok(cursorsKilled=killed, cursorsNotFound=missing, cursorsAlive=[], cursorsUnknown=[])


def cmd_update(db, cmd, conn):
    coll, ordered = db[cmd['update']], cmd.get('ordered', True)
    n = n_modified = 0
    upserted, errors = [], []
    for i, op in enumerate(cmd.get('updates', [])):
        if op.get('collation') or op.get('hint'):
            raise CommandError(8000, 'collation/hint on update is not supported by the stand-in')
        if (throttled := batch_fault(conn, i)) is not None:
            errors.append(throttled)
            break
        q, multi = op.get('q') or {}, op.get('multi', False)
        try:
            res = PROFILE.update(coll, q, multi, conn.meter, lambda: do_update(
                coll, q, op['u'], multi, op.get('upsert', False), op.get('arrayFilters')))
        except (DuplicateKeyError, WriteError) as exc:
            errors.append(write_error(i, exc, coll))
            if ordered:
                break
            continue
        n += res.matched_count
        n_modified += res.modified_count
        if res.upserted_id is not None:
            n += 1
            upserted.append({'index': i, '_id': res.upserted_id})
    reply = ok(n=n, nModified=n_modified)
    if upserted:
        reply['upserted'] = upserted
    if errors:
        reply['writeErrors'] = errors
    return reply


def cmd_delete(db, cmd, conn):
    coll, n = db[cmd['delete']], 0
    for i, op in enumerate(cmd.get('deletes', [])):
        if (throttled := batch_fault(conn, i)) is not None:
            return ok(n=n, writeErrors=[throttled])
        q, many = op.get('q') or {}, op.get('limit', 0) != 1
        fn = coll.delete_many if many else coll.delete_one
        n += PROFILE.delete(coll, q, many, conn.meter, lambda: fn(q)).deleted_count
    return ok(n=n)


def batch_fault(conn, index):
    """The writeError of a batch throttled by standinThrottleNext's opIndex at this op, else None. The ops before
    it applied; the batch stops there, ordered or not."""
    if conn.fault is not None and conn.fault[0] == index:
        return throttled_write_error(index, conn.fault[1])
    return None


def cmd_find_and_modify(db, cmd, conn):
    coll = db[cmd.get('findAndModify') or cmd.get('findandmodify')]
    query, update = cmd.get('query') or {}, cmd.get('update')
    projection = cmd.get('fields') or None
    if cmd.get('arrayFilters') or cmd.get('collation'):
        raise CommandError(8000, 'arrayFilters/collation are not supported by the stand-in')
    if bool(cmd.get('remove')) == (update is not None):
        raise CommandError(9, 'Either an update or remove=true must be specified')
    found = coll.find_one(query, sort=sort_spec(cmd.get('sort')))
    conn.meter.read(coll, query)
    if found is not None:
        # Target exactly the found document but keep the original query so
        # positional updates ("arr.$.x") still know which element matched.
        target = dict(query, _id=found['_id']) if '_id' not in query \
            else {'$and': [query, {'_id': found['_id']}]}
        before = coll.find_one({'_id': found['_id']}, projection)
        if cmd.get('remove'):
            by_id = {'_id': found['_id']}
            PROFILE.delete(coll, by_id, False, conn.meter, lambda: coll.delete_one(by_id))
            return ok(lastErrorObject={'n': 1}, value=before)
        PROFILE.update(coll, target, False, conn.meter, lambda: do_update(coll, target, update))
        value = coll.find_one({'_id': found['_id']}, projection) if cmd.get('new') else before
        return ok(lastErrorObject={'n': 1, 'updatedExisting': True}, value=value)
    if cmd.get('upsert') and update is not None:
        res = PROFILE.update(coll, query, False, conn.meter,
                             lambda: do_update(coll, query, update, upsert=True))
        value = coll.find_one({'_id': res.upserted_id}, projection) if cmd.get('new') else None
        return ok(lastErrorObject={'n': 1, 'updatedExisting': False,
                                   'upserted': res.upserted_id}, value=value)
    lerr = {'n': 0} if cmd.get('remove') else {'n': 0, 'updatedExisting': False}
    return ok(lastErrorObject=lerr, value=None)


def cmd_count(db, cmd, conn):
    coll = db[cmd['count']]
    docs = coll.find(cmd.get('query') or {}, skip=int(cmd.get('skip', 0) or 0),
                     limit=abs(int(cmd.get('limit', 0) or 0)))
    n = sum(1 for _ in docs)
    conn.meter.read(coll, cmd.get('query'), n)
    return ok(n=n)


def cmd_distinct(db, cmd, conn):
    coll = db[cmd['distinct']]
    conn.meter.read(coll, cmd.get('query'))
    return ok(values=list(coll.distinct(cmd['key'], cmd.get('query') or {})))


def cmd_aggregate(db, cmd, conn):
    if not isinstance(cmd['aggregate'], str):
        raise CommandError(8000, 'database-level aggregate is not supported by the stand-in')
    if cmd.get('explain') or cmd.get('collation'):
        raise CommandError(8000, 'explain/collation are not supported by the stand-in')
    coll = db[cmd['aggregate']]
    pipeline = cmd.get('pipeline', [])
    first = pipeline[0] if pipeline else {}
    if isinstance(first, dict) and list(first) == ['$match']:
        # mongomock copies the whole collection into the pipeline; a leading $match is a find (lookups.py).
        docs = list(mongomock.aggregate.process_pipeline(list(coll.find(first['$match'])), coll.database, pipeline[1:], None))
    else:
        docs = list(coll.aggregate(pipeline))
    conn.meter.read(coll, first.get('$match') if isinstance(first, dict) else None)
    return make_cursor(coll.full_name, docs, (cmd.get('cursor') or {}).get('batchSize'))


def create_index(coll, spec):
    """Done here rather than with mongomock's create_index, which checks existing
    documents for uniqueness ignoring partialFilterExpression, and registers
    TTL indexes for real (lazy) expiry. TTL indexes are recorded but never expire."""
    index = {'key': list(spec['key'].items())}
    for option in ('unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression'):
        if spec.get(option) not in (None, False):
            index[option] = spec[option]
    name = spec.get('name') or mongomock.helpers.gen_index_name(index['key'])
    existing = coll._store.indexes.get(name)
    if existing is not None:
        if existing != index:
            raise CommandError(86, 'An existing index has the same name as the requested '
                                   'index but different options: %s' % name)
        return
    if index.get('unique'):
        seen = set()
        for doc in coll._store.documents:
            key = lookups.doc_key(index, doc)
            if key in seen:
                raise CommandError(11000, dup_key_message(coll.full_name, name, index_key_values(index, doc)))
            if key is not None:
                seen.add(key)
    coll._store.indexes[name] = index


def cmd_create_indexes(db, cmd, conn):
    name = cmd['createIndexes']
    created = not collection_exists(db, name)
    if created:
        db.create_collection(name)
    coll = db[name]
    before = len(list(coll.list_indexes()))
    for spec in cmd.get('indexes', []):
        create_index(coll, spec)
    return ok(createdCollectionAutomatically=created, numIndexesBefore=before,
              numIndexesAfter=len(list(coll.list_indexes())))


def cmd_list_indexes(db, cmd, conn):
    name = cmd['listIndexes']
    if not collection_exists(db, name):
        raise CommandError(26, 'ns does not exist: %s.%s' % (db.name, name))
    coll = db[name]
    indexes = list(coll.list_indexes())
    return make_cursor(coll.full_name, indexes, (cmd.get('cursor') or {}).get('batchSize'))


def cmd_drop_indexes(db, cmd, conn):
    name = cmd.get('dropIndexes') or cmd.get('deleteIndexes')
    if not collection_exists(db, name):
        raise CommandError(26, 'ns not found %s.%s' % (db.name, name))
    coll = db[name]
    before = len(list(coll.list_indexes()))
    index = cmd.get('index')
    if index == '*':
        coll.drop_indexes()
    else:
        names = index if isinstance(index, list) else [index]
        for ix in names:
            if isinstance(ix, dict):         # index given by its key spec
                ix = next((i['name'] for i in coll.list_indexes() if i['key'] == ix), None)
            if ix == '_id_':
                raise CommandError(72, 'cannot drop _id index')
            try:
                coll.drop_index(ix)
            except OperationFailure:
                raise CommandError(27, 'index not found with name [%s]' % ix)
    return ok(nIndexesWas=before)


NO_TRANSACTIONS = 'transactions are not supported by the mongo stand-in'


def fail(code, errmsg):
    raise CommandError(code, errmsg)


# Commands each database has served, for benchmarks that count round trips (the driver's own
# monitoring and session commands are left out, so the figure is what the application asked for).
COMMAND_COUNTS = {}
UNCOUNTED = HOUSEKEEPING     # the driver's monitoring and session commands, and the stand-in's own


def cmd_standin_command_count(db, cmd, conn):
    """{standinCommandCount: 1} -> how many commands this database has served so far."""
    return ok(count=COMMAND_COUNTS.get(db.name, 0))


def cmd_standin_throttle_next(db, cmd, conn):
    """{standinThrottleNext: count, commands?, collection?, skip?, opIndex?, retryAfterMs?}: see README.md."""
    return THROTTLES.arm(db.name, cmd)


def cmd_no_ru_meter(db, cmd, conn):
    raise CommandError(59, 'request units are metered only with --profile cosmos-ru (this stand-in runs %s)'
                       % PROFILE.name)


COMMANDS = {
    'hello': cmd_hello, 'isMaster': cmd_hello, 'ismaster': cmd_hello,
    'ping': lambda db, cmd, conn: ok(),
    'endSessions': lambda db, cmd, conn: ok(),
    'buildInfo': lambda db, cmd, conn: ok(
        version=SERVER_VERSION, versionArray=[7, 0, 0, 0], gitVersion='mongo-standin',
        bits=64, maxBsonObjectSize=16 * 1024 * 1024, storageEngines=['mongomock']),
    'getParameter': lambda db, cmd, conn: ok(featureCompatibilityVersion={'version': '7.0'}),
    'getLastError': lambda db, cmd, conn: ok(err=None, n=0),
    'commitTransaction': lambda db, cmd, conn: fail(20, NO_TRANSACTIONS),
    'abortTransaction': lambda db, cmd, conn: fail(20, NO_TRANSACTIONS),
    'listDatabases': cmd_list_databases, 'listCollections': cmd_list_collections,
    'create': cmd_create, 'drop': cmd_drop, 'dropDatabase': cmd_drop_database,
    'insert': cmd_insert, 'find': cmd_find, 'getMore': cmd_get_more,
    'killCursors': cmd_kill_cursors, 'update': cmd_update, 'delete': cmd_delete,
    'findAndModify': cmd_find_and_modify, 'count': cmd_count, 'distinct': cmd_distinct,
    'aggregate': cmd_aggregate, 'createIndexes': cmd_create_indexes,
    'listIndexes': cmd_list_indexes, 'dropIndexes': cmd_drop_indexes,
    'standinCommandCount': cmd_standin_command_count,
    'standinThrottleNext': cmd_standin_throttle_next, 'standinRuMeter': cmd_no_ru_meter,
}
# Legacy lower-case spellings some clients still send.
for _alias, _name in (('buildinfo', 'buildInfo'), ('getlasterror', 'getLastError'),
                      ('findandmodify', 'findAndModify'), ('deleteIndexes', 'dropIndexes')):
    COMMANDS[_alias] = COMMANDS[_name]


# The drivers' handshakes and heartbeats. They take no lock, so a command that runs for seconds (a scan of a large
# collection in Python) does not make the driver's monitor time out and drop its connections.
MONITORING = {'hello', 'isMaster', 'ismaster'}


def run_command(db_name, cmd, conn):
    """Execute one command document; never raises."""
    if not cmd:
        return error_reply(59, 'empty command')
    name = next(iter(cmd))
    if name not in UNCOUNTED:
        with LOCK:
            COMMAND_COUNTS[db_name] = COMMAND_COUNTS.get(db_name, 0) + 1
    handler = COMMANDS.get(name)
    if handler is None:
        return error_reply(59, "no such command: '%s'" % name)
    if cmd.get('startTransaction') or cmd.get('autocommit') is False:
        return error_reply(20, NO_TRANSACTIONS)
    if name in MONITORING:
        return handler(None, cmd, conn)   # touches no data: answered even while a long command holds the lock
    try:
        admit(db_name, name, conn)
        with LOCK:
            return execute(handler, CLIENT[db_name], name, cmd, conn)
    except CommandError as exc:
        return error_reply(exc.code, str(exc))
    except BulkWriteError as exc:
        return error_reply(exc.code or 65, str(exc))
    except DuplicateKeyError as exc:
        return error_reply(11000, str(exc))
    except OperationFailure as exc:       # mongomock's own "mongo-like" failures
        return error_reply(exc.code or 2, str(exc))
    except Exception as exc:              # anything else: a stand-in/mongomock limitation
        return error_reply(8000, '%s: %s (command %r, mongo stand-in)'
                           % (type(exc).__name__, exc, name))


REFUSAL_LOG = None              # --refusal-log: a file that gets one line per refused command


def log_refusal(db_name, name, cmd, exc):
    if REFUSAL_LOG is not None:
        shown = {k: v for k, v in cmd.items() if k not in ('documents', 'updates', 'deletes', 'lsid', '$clusterTime')}
        REFUSAL_LOG.write('%s %s.%s %s: %s | %s\n' % (datetime.datetime.utcnow().isoformat(timespec='milliseconds'), db_name,
                          name, exc.code, str(exc)[:160], json_util.dumps(shown)[:400]))
        REFUSAL_LOG.flush()


def admit(db_name, name, conn):
    """The profile's admission control (the token bucket) runs outside the lock: it may wait, or refuse."""
    try:
        PROFILE.admit(db_name, name)
    except CommandError as exc:
        with LOCK:
            PROFILE.refused(db_name, name, conn, exc.code)
        raise


def execute(handler, db, name, cmd, conn):
    """Runs a command under LOCK: the throttle hook and the profile may refuse it before it runs."""
    started = time.monotonic()
    try:
        fault = THROTTLES.take(db.name, name, cmd)
        if fault is not None and fault[0] is None:
            raise too_many_requests(fault[1])
        conn.meter, conn.fault = PROFILE.begin(db, name, cmd, conn), fault
    except CommandError as exc:
        PROFILE.refused(db.name, name, conn, exc.code)
        log_refusal(db.name, name, cmd, exc)
        raise
    try:
        reply = handler(db, cmd, conn)
    except Exception as exc:
        PROFILE.refused(db.name, name, conn, getattr(exc, 'code', None))
        raise
    finally:
        meter, conn.meter, conn.fault = conn.meter, NULL_METER, None
    PROFILE.end(db.name, name, cmd, conn, meter, reply, time.monotonic() - started)
    return reply


# ----------------------------------------------------------------- wire protocol

def read_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError('peer closed')
        buf += chunk
    return bytes(buf)


def read_cstring(data, pos):
    end = data.index(b'\x00', pos)
    return data[pos:end].decode('utf-8'), end + 1


def parse_op_msg(body):
    """OP_MSG body -> (flags, command). Kind-1 sequences are merged into the
    command under their identifier (e.g. 'documents' for insert)."""
    flags = struct.unpack_from('<I', body)[0]
    end = len(body) - (4 if flags & MSG_CHECKSUM_PRESENT else 0)
    pos, cmd, sequences = 4, None, {}
    while pos < end:
        kind = body[pos]
        pos += 1
        if kind == 0:
            size = struct.unpack_from('<i', body, pos)[0]
            cmd = bson.decode(body[pos:pos + size], codec_options=CODEC)
            pos += size
        elif kind == 1:
            size = struct.unpack_from('<i', body, pos)[0]
            ident, docs_pos = read_cstring(body, pos + 4)
            sequences[ident] = bson.decode_all(body[docs_pos:pos + size], CODEC)
            pos += size
        else:
            raise ValueError('unknown OP_MSG section kind %d' % kind)
    if cmd is None:
        raise ValueError('OP_MSG without a body section')
    cmd.update(sequences)
    return flags, cmd


class Connection(socketserver.BaseRequestHandler):
    open_sockets = set()

    def handle(self):
        self.conn_id = next(CONN_IDS)
        self.meter, self.fault, self.last_request = NULL_METER, None, None
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        Connection.open_sockets.add(sock)
        try:
            while True:
                length, request_id, _, opcode = struct.unpack('<iiii', read_exact(sock, 16))
                if not 16 < length <= MAX_MESSAGE:
                    return
                body = read_exact(sock, length - 16)
                if opcode == OP_MSG:
                    flags, cmd = parse_op_msg(body)
                    reply = run_command(cmd.pop('$db', 'admin'), cmd, self)
                    if not flags & MSG_MORE_TO_COME:      # moreToCome: client wants no reply
                        payload = struct.pack('<IB', 0, 0) + bson.encode(reply, codec_options=CODEC)
                        self.send(sock, request_id, OP_MSG, payload)
                elif opcode == OP_QUERY:
                    self.handle_op_query(sock, request_id, body)
                else:                                      # OP_COMPRESSED and legacy ops
                    return
        except (ConnectionError, OSError):
            pass
        except Exception as exc:      # malformed message: log it and drop this connection
            print('mongo-standin: closing connection %d: %r' % (self.conn_id, exc),
                  file=sys.stderr, flush=True)
        finally:
            Connection.open_sockets.discard(sock)

    def handle_op_query(self, sock, request_id, body):
        """Legacy OP_QUERY, used by drivers only for the first handshake."""
        ns, pos = read_cstring(body, 4)
        pos += 8                                           # numberToSkip, numberToReturn
        size = struct.unpack_from('<i', body, pos)[0]
        query = bson.decode(body[pos:pos + size], codec_options=CODEC)
        if '$query' in query:                              # wrapped form with $readPreference
            query = query['$query']
        if ns.endswith('.$cmd'):
            reply = run_command(ns[:-5], query, self)
        else:
            reply = error_reply(8000, 'OP_QUERY is only supported for commands')
        payload = struct.pack('<iqii', 0, 0, 0, 1) + bson.encode(reply, codec_options=CODEC)
        self.send(sock, request_id, OP_REPLY, payload)

    @staticmethod
    def send(sock, response_to, opcode, payload):
        header = struct.pack('<iiii', 16 + len(payload), 0, response_to, opcode)
        sock.sendall(header + payload)


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def shard_option(value):
    collection, _, field = value.partition('=')
    if not collection or not field:
        raise argparse.ArgumentTypeError('expected COLLECTION=FIELD, got %r' % value)
    return collection, field


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description='MongoDB wire-protocol stand-in (mongomock)')
    parser.add_argument('--port', type=int, default=27017, help='0 picks a free port')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--profile', choices=sorted(PROFILES), default='mongodb',
                        help='which server to imitate (default: mongodb, plain MongoDB 7.0)')
    parser.add_argument('--capability', action='append', default=[], choices=CAPABILITIES,
                        help='cosmos-ru: an account capability to enable (repeatable)')
    parser.add_argument('--shard', action='append', default=[], type=shard_option, metavar='COLLECTION=FIELD',
                        help='cosmos-ru: the collection of that name is sharded on FIELD in every database (repeatable)')
    parser.add_argument('--ru-per-second', type=float, default=0,
                        help='cosmos-ru: provisioned throughput of each database, RU/s (0: unlimited)')
    parser.add_argument('--cursor-lifetime-seconds', type=float, default=600,
                        help='documentdb: a cursor dies this long after it was opened')
    parser.add_argument('--refusal-log', metavar='FILE',
                        help='append a line per command refused by the profile or the throttle hook')
    args = parser.parse_args(argv)
    cosmos_only = args.capability or args.shard or args.ru_per_second
    if cosmos_only and args.profile != 'cosmos-ru':
        parser.error('--capability, --shard and --ru-per-second need --profile cosmos-ru')
    if args.ru_per_second < 0:
        parser.error('--ru-per-second must be 0 (unlimited) or more')
    return args


def main():
    global ADDRESS, PROFILE, REFUSAL_LOG
    args = parse_args()
    if args.refusal_log:
        REFUSAL_LOG = open(args.refusal_log, 'a', encoding='utf-8')
    PROFILE = PROFILES[args.profile](args)
    COMMANDS.update(PROFILE.commands())

    def stop(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    server = Server((args.host, args.port), Connection)
    host, port = server.server_address[:2]
    ADDRESS = '%s:%d' % ('127.0.0.1' if host in ('0.0.0.0', '::') else host, port)
    print('listening on %s' % ADDRESS, flush=True)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        for sock in list(Connection.open_sockets):       # let clients see the close at once
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
    sys.exit(0)


if __name__ == '__main__':
    main()
