"""The `cosmos-ru` profile: Azure Cosmos DB for MongoDB, RU accounts (server versions 4.2-7.0).

It refuses what such an account refuses (an unindexed sort, TTL off `_ts`, a unique index over existing documents,
a document over 2 MB, retryable writes, single-document writes that miss the shard key), meters request units
with the cost model below and throttles each database with a token bucket. README.md lists the sources.
"""
import copy
import itertools
import math
import threading
import time

import bson
import mongomock.helpers
from bson.binary import STANDARD
from bson.codec_options import CodecOptions
from pymongo.errors import WriteError

from profiles import (HOUSEKEEPING, RETRYABLE_WRITES, SHARD_KEY_MISSING, SHARD_KEY_NOT_TARGETED, SORT_NOT_INDEXED,
                      TOO_LARGE, TTL_NOT_ON_TS, UNIQUE_ON_DATA, WRITES, CommandError, MongoDbProfile,
                      cosmos_gateway_message, target_collection, too_many_requests)

CODEC = CodecOptions(tz_aware=False, uuid_representation=STANDARD)
MB = 1024 * 1024


# ------------------------------------------------------------ the cost model (request units)

class Cost:
    """Close to Microsoft's guidance: a point read of 1 KB is 1 RU, an insert of 1 KB about 5.5 RU, a replace
    about 10 RU per KB. Writes count every document as at least 1 KB."""
    FLOOR = 1.0              # the least any request costs
    READ_PER_KB = 1.0        # documents returned to the client
    QUERY = 1.0              # a request that runs a query (any filter that is not an equality on _id)
    SCAN_PER_DOC = 0.1       # each document the query examines: the matches through an index, else the collection
    INSERT_PER_KB = 5.5
    UPDATE_PER_KB = 10.0     # the new version of each modified document
    DELETE_PER_KB = 5.5


def doc_kb(doc):
    return len(bson.encode(doc, codec_options=CODEC)) / 1024


def equality_on(query, field):
    """Whether the filter pins `field` to one value (a plain value, $eq, a one-value $in, or inside $and)."""
    if not isinstance(query, dict):
        return False
    if field in query:
        value = query[field]
        if not isinstance(value, dict) or not any(k.startswith('$') for k in value):
            return True
        if '$eq' in value or (isinstance(value.get('$in'), list) and len(value['$in']) == 1):
            return True
    return any(equality_on(sub, field) for sub in query.get('$and', []) if isinstance(sub, dict))


def filter_fields(query):
    fields = {k for k in query if not k.startswith('$')}
    for sub in query.get('$and', []):
        if isinstance(sub, dict):
            fields |= filter_fields(sub)
    return fields


def matching_snapshots(coll, query, limit):
    """Copies of the stored documents a write's query matches, in the order mongomock's own write meets them."""
    spec = mongomock.helpers.patch_datetime_awareness_in_document(query or {})
    return [copy.deepcopy(d) for d in itertools.islice(coll._iter_documents(spec), limit)]


class Meter:
    """What one request costs, in request units."""

    def __init__(self):
        self.ru = 0.0
        self.scans = []                       # 'collection: fields' of queries no index serves

    def read(self, coll, query, examined=None):
        """A query: free when it is a point read on _id, else QUERY plus SCAN_PER_DOC for each examined document
        (every document of the collection when no index starts with one of the filter's fields; _id always has one)."""
        query = query or {}
        if equality_on(query, '_id'):
            return
        fields = filter_fields(query)
        served = not fields or '_id' in fields or any(index['key'][0][0] in fields for index in coll._store.indexes.values())
        if not served:
            self.scans.append('%s: %s' % (coll.name, ', '.join(sorted(fields))))
            examined = len(coll._store)
        elif examined is None:
            examined = sum(1 for _ in coll.find(query))
        self.ru += Cost.QUERY + Cost.SCAN_PER_DOC * examined

    def returned(self, docs):
        self.ru += Cost.READ_PER_KB * sum(doc_kb(d) for d in docs)

    def wrote(self, per_kb, kbs):
        self.ru += sum(per_kb * max(1.0, kb) for kb in kbs)

    def charge(self):
        return round(max(Cost.FLOOR, self.ru), 2)


class TokenBucket:
    """`rate` RU per second, one second of burst. A request is admitted while the bucket is not in debt; its
    charge is taken afterwards, so one expensive request can put the bucket into debt."""

    def __init__(self, rate):
        self.rate, self.tokens, self.at = rate, float(rate), time.monotonic()

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(float(self.rate), self.tokens + (now - self.at) * self.rate)
        self.at = now

    def retry_after_ms(self):
        """None when a request may run now, else how long until the debt is paid."""
        self._refill()
        return None if self.tokens >= 0 else max(1, math.ceil(-self.tokens / self.rate * 1000))

    def spend(self, ru):
        self._refill()
        self.tokens -= ru


# ------------------------------------------------------------ the rules

def sort_is_indexed(indexes, sort):
    """Sorting on `_id` alone is free; otherwise the sort's fields must be, in order, the key fields of one index,
    with the same directions or all of them reversed."""
    items = [(k, d) for k, d in sort.items() if not isinstance(d, dict)]
    if not items or [k for k, _ in items] == ['_id']:
        return True
    for index in indexes.values():
        key = index['key']
        if [f for f, _ in key] != [f for f, _ in items] or not all(isinstance(d, (int, float)) for _, d in key):
            continue
        signs = {(d > 0) == (float(s) > 0) for (_, d), (_, s) in zip(key, items)}
        if len(signs) == 1:
            return True
    return False


def pipeline_sorts(pipeline):
    """The $sort stages that sort stored documents: those before any stage that reshapes them."""
    for stage in pipeline or []:
        name = next(iter(stage), None)
        if name == '$sort':
            yield stage['$sort']
        elif name not in ('$match', '$limit', '$skip'):
            return


class CosmosRuProfile(MongoDbProfile):
    name = 'cosmos-ru'

    def __init__(self, args):
        super().__init__(args)
        self.capabilities = set(args.capability)
        self.max_document = (16 if 'EnableMongo16MBDocumentSupport' in self.capabilities else 2) * MB
        self.shard_by_name = dict(args.shard)          # collection name -> shard key, in every database
        self.shard_keys = {}                           # (database, collection) -> shard key
        self.buckets = {}                              # database -> TokenBucket; guarded by buckets_lock
        self.buckets_lock = threading.Lock()          # admission runs outside the server's global lock
        self.totals = {}                               # database -> {'requests', 'requestCharge', 'commands'}

    def shard_key(self, db_name, coll_name):
        return self.shard_keys.get((db_name, coll_name)) or self.shard_by_name.get(coll_name)

    # -------------------------------------------------- admission: the token bucket, outside the global lock

    def admit(self, db_name, name):
        if name in HOUSEKEEPING or not self.args.ru_per_second:
            return
        deadline = time.monotonic() + 60
        while (wait := self._retry_after_ms(db_name)) is not None:
            if 'DisableRateLimitingResponses' not in self.capabilities:
                raise too_many_requests(wait)
            if time.monotonic() + wait / 1000 > deadline:     # server-side retry gives up after 60 s
                raise CommandError(50, 'Request timed out. Retries due to rate limiting: True.')
            time.sleep(wait / 1000)

    def _bucket(self, db_name):
        return self.buckets.setdefault(db_name, TokenBucket(self.args.ru_per_second))

    def _retry_after_ms(self, db_name):
        with self.buckets_lock:
            return self._bucket(db_name).retry_after_ms()

    # -------------------------------------------------- refusals, before the command runs

    def begin(self, db, name, cmd, conn):
        coll_name = target_collection(name, cmd)
        if name in WRITES and 'txnNumber' in cmd and 'EnableMongoRetryableWrites' not in self.capabilities:
            raise CommandError(2, RETRYABLE_WRITES)
        if coll_name is not None:
            coll = db[coll_name]
            self._check_sorts(coll, name, cmd)
            if name == 'createIndexes':
                self._check_new_indexes(coll, self.shard_key(db.name, coll_name), cmd.get('indexes') or [])
            shard = self.shard_key(db.name, coll_name)
            if shard is not None:
                self._check_targets_shard(shard, name, cmd)
        return Meter()

    @staticmethod
    def _check_sorts(coll, name, cmd):
        sorts = []
        if name in ('find', 'findAndModify', 'findandmodify') and cmd.get('sort'):
            sorts.append(cmd['sort'])
        elif name == 'aggregate':
            sorts.extend(pipeline_sorts(cmd.get('pipeline')))
        for sort in sorts:
            if not sort_is_indexed(coll._store.indexes, sort):
                raise CommandError(2, SORT_NOT_INDEXED)

    def _check_new_indexes(self, coll, shard, specs):
        for spec in specs:
            keys = list((spec.get('key') or {}).items())
            name = spec.get('name') or mongomock.helpers.gen_index_name(keys)
            if name == '_id_' or name in coll._store.indexes:
                continue                       # re-declaring an index is a no-op (or mongod's own conflict error)
            if (spec.get('expireAfterSeconds') is not None and [k for k, _ in keys] != ['_ts']
                    and 'EnableTtlOnCustomPath' not in self.capabilities):
                raise CommandError(2, TTL_NOT_ON_TS)
            if not spec.get('unique'):
                continue
            if shard is not None and (not keys or keys[0][0] != shard):
                shown = ', '.join('%s: %s' % (k, d) for k, d in keys)
                raise CommandError(67, 'cannot create unique index over { %s } with shard key pattern { %s: 1 }: '
                                       'a unique index on a sharded collection must start with the shard key'
                                   % (shown, shard))
            if len(coll._store):
                raise CommandError(2, cosmos_gateway_message(2, 'BadRequest (400)', UNIQUE_ON_DATA))

    @staticmethod
    def _check_targets_shard(shard, name, cmd):
        if name == 'insert':
            for doc in cmd.get('documents') or []:
                try:
                    mongomock.helpers.get_value_by_dot(doc, shard)
                except KeyError:
                    raise CommandError(61, SHARD_KEY_MISSING)
            return
        if name == 'update':
            singles = [op.get('q') for op in cmd.get('updates') or [] if not op.get('multi')]
        elif name == 'delete':
            singles = [op.get('q') for op in cmd.get('deletes') or [] if op.get('limit') == 1]
        elif name in ('findAndModify', 'findandmodify'):
            singles = [cmd.get('query')]
        else:
            return
        if any(not equality_on(q or {}, shard) for q in singles):
            raise CommandError(61, SHARD_KEY_NOT_TARGETED)

    # -------------------------------------------------- around each document write: size limit and cost

    def _too_large(self):
        return WriteError(cosmos_gateway_message(16, 'RequestEntityTooLarge (413)', TOO_LARGE), 16)

    def insert(self, coll, doc, meter, apply):
        kb = doc_kb(doc)
        if kb * 1024 > self.max_document:
            raise self._too_large()
        result = apply()
        meter.wrote(Cost.INSERT_PER_KB, [kb])
        return result

    def update(self, coll, query, multi, meter, apply):
        before = matching_snapshots(coll, query, None if multi else 1)
        result = apply()
        ids = [d['_id'] for d in before] + ([result.upserted_id] if result.upserted_id is not None else [])
        stored = coll._store._documents                            # by _id: no scan per updated document
        after = {i: stored.get(i) for i in ids}
        was = {d['_id']: d for d in before}
        changed = [d for i, d in after.items() if d is not None and d != was.get(i)]
        if any(doc_kb(d) * 1024 > self.max_document for d in changed):
            for old in before:                                     # no partial write: put the old versions back
                coll.replace_one({'_id': old['_id']}, old)
            if result.upserted_id is not None:
                coll.delete_one({'_id': result.upserted_id})
            raise self._too_large()
        meter.read(coll, query, len(before))
        meter.wrote(Cost.UPDATE_PER_KB, [doc_kb(d) for d in changed])
        meter.returned([d for d in before if after.get(d['_id']) == d])  # matched, left as they were: a read
        return result

    def delete(self, coll, query, many, meter, apply):
        before = list(coll.find(query, limit=0 if many else 1))
        result = apply()
        meter.read(coll, query, len(before))
        meter.wrote(Cost.DELETE_PER_KB, [doc_kb(d) for d in before])
        return result

    # -------------------------------------------------- after the command: charge, statistics, bucket

    def end(self, db_name, name, cmd, conn, meter, reply, seconds):
        if name in HOUSEKEEPING:
            return
        cursor = reply.get('cursor') if isinstance(reply, dict) else None
        if cursor:
            meter.returned(cursor.get('firstBatch') or cursor.get('nextBatch') or [])
        self._record(db_name, name, conn, meter.charge(), seconds)
        unindexed = self.totals[db_name].setdefault('unindexed', {})
        for scan in meter.scans:
            unindexed[scan] = unindexed.get(scan, 0) + 1

    def refused(self, db_name, name, conn, code):
        """A request refused before it ran costs nothing; throttled ones are counted."""
        if name in HOUSEKEEPING:
            return
        self._record(db_name, name, conn, 0.0, 0.0, throttled=code == 16500)

    def _record(self, db_name, name, conn, charge, seconds, throttled=False):
        conn.last_request = {'CommandName': name, 'RequestCharge': charge,
                             'RequestDurationInMilliSeconds': int(round(seconds * 1000))}
        totals = self.totals.setdefault(db_name, {'requests': 0, 'requestCharge': 0.0, 'throttled': 0, 'commands': {}})
        per = totals['commands'].setdefault(name, {'count': 0, 'requestCharge': 0.0, 'throttled': 0})
        for figures in (totals, per):
            figures['requestCharge'] = round(figures['requestCharge'] + charge, 2)
            figures['throttled'] += int(throttled)
        totals['requests'] += 1
        per['count'] += 1
        if charge and self.args.ru_per_second:
            with self.buckets_lock:
                self._bucket(db_name).spend(charge)

    # -------------------------------------------------- commands of this profile

    def commands(self):
        return {'getLastRequestStatistics': self.cmd_get_last_request_statistics,
                'standinRuMeter': self.cmd_ru_meter,
                'shardCollection': self.cmd_shard_collection,
                'customAction': self.cmd_custom_action}

    @staticmethod
    def cmd_get_last_request_statistics(db, cmd, conn):
        last = getattr(conn, 'last_request', None) or {
            'CommandName': None, 'RequestCharge': 0.0, 'RequestDurationInMilliSeconds': 0}
        return dict(last, ok=1.0)

    def cmd_ru_meter(self, db, cmd, conn):
        names = list(self.totals) if cmd.get('allDatabases') else [db.name]
        merged = {'requests': 0, 'requestCharge': 0.0, 'throttled': 0, 'commands': {}, 'unindexed': {}}
        for name in names:
            totals = self.totals.get(name) or {'requests': 0, 'requestCharge': 0.0, 'throttled': 0, 'commands': {}}
            for key in ('requests', 'throttled'):
                merged[key] += totals[key]
            for scan, count in totals.get('unindexed', {}).items():
                merged['unindexed'][scan] = merged['unindexed'].get(scan, 0) + count
            merged['requestCharge'] = round(merged['requestCharge'] + totals['requestCharge'], 2)
            for command, per in totals['commands'].items():
                into = merged['commands'].setdefault(command, {'count': 0, 'requestCharge': 0.0, 'throttled': 0})
                into['count'] += per['count']
                into['throttled'] += per['throttled']
                into['requestCharge'] = round(into['requestCharge'] + per['requestCharge'], 2)
            if cmd.get('reset'):
                self.totals.pop(name, None)
        return dict(merged, ok=1.0)

    def _shard(self, db_name, coll, key_field):
        existing = self.shard_key(db_name, coll.name)
        if existing is not None and existing != key_field:
            raise CommandError(20, 'collection %s.%s is already sharded on %s' % (db_name, coll.name, existing))
        if len(coll._store):
            raise CommandError(20, 'collection %s.%s holds documents: Cosmos DB sets a shard key only when it '
                                   'creates a collection' % (db_name, coll.name))
        if coll.name not in coll.database.list_collection_names():
            coll.database.create_collection(coll.name)
        self.shard_keys[(db_name, coll.name)] = key_field

    def cmd_shard_collection(self, db, cmd, conn):
        """{shardCollection: "db.coll", key: {field: "hashed" | 1}}, on admin."""
        ns, key = cmd.get('shardCollection'), cmd.get('key')
        if not isinstance(ns, str) or '.' not in ns or not isinstance(key, dict) or len(key) != 1:
            raise CommandError(2, 'shardCollection needs "db.collection" and a key of exactly one field')
        db_name, coll_name = ns.split('.', 1)
        self._shard(db_name, db.client[db_name][coll_name], next(iter(key)))
        return {'collectionsharded': ns, 'ok': 1.0}

    def cmd_custom_action(self, db, cmd, conn):
        """Cosmos DB's extension command; only {customAction: "CreateCollection", collection, shardKey?}."""
        if cmd.get('customAction') != 'CreateCollection' or not isinstance(cmd.get('collection'), str):
            raise CommandError(115, 'customAction %r is not supported by the stand-in' % cmd.get('customAction'))
        name = cmd['collection']
        if name in db.list_collection_names():
            raise CommandError(48, 'Collection %s.%s already exists' % (db.name, name))
        if cmd.get('shardKey'):
            self._shard(db.name, db[name], cmd['shardKey'])
        else:
            db.create_collection(name)
        return {'ok': 1.0}
