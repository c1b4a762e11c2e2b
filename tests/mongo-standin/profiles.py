"""Server profiles for the Mongo stand-in: what a server refuses and what each request costs.

server.py runs every command through one profile object:
- `mongodb` (the default) changes nothing;
- `cosmos-ru` refuses what Azure Cosmos DB for MongoDB (RU, server versions 4.2-7.0) refuses, with its
  error codes and messages, meters request units and throttles with a token bucket;
- `documentdb` (vCore) kills cursors after a fixed lifetime.
README.md describes the rules, the sources of the messages and the cost model.
"""
import uuid


class CommandError(Exception):
    """A mongod-style command failure: becomes {ok: 0, errmsg, code, codeName}."""

    def __init__(self, code, errmsg):
        super().__init__(errmsg)
        self.code = code


# Commands of the driver's monitoring and sessions, and the stand-in's own: never metered, throttled or counted.
HOUSEKEEPING = {'hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'buildInfo', 'buildinfo',
                'getParameter', 'getLastRequestStatistics', 'standinCommandCount', 'standinRuMeter',
                'standinThrottleNext'}
WRITES = ('insert', 'update', 'delete', 'findAndModify', 'findandmodify')


def target_collection(name, cmd):
    value = cmd.get(name)
    return value if isinstance(value, str) else None


# ------------------------------------------------------------ Cosmos DB messages

def cosmos_gateway_message(code, status, text, substatus=0, retry_after_ms=None):
    """The wrapped form Cosmos DB gives errors raised by its storage layer (429, 413, 400 from an index change)."""
    retry = ', RetryAfterMs=%d' % retry_after_ms if retry_after_ms is not None else ''
    return ("Error=%d%s, Details='Response status code does not indicate success: %s; Substatus: %d; "
            'ActivityId: %s; Reason: (Message: {"Errors":["%s"]}' % (code, retry, status, substatus, uuid.uuid4(), text))


def too_many_requests(retry_after_ms):
    return CommandError(16500, cosmos_gateway_message(
        16500, 'TooManyRequests (429)', 'Request rate is large. More Request Units may be needed, so no changes '
        'were made. Please retry this request later. Learn more: http://aka.ms/cosmosdb-error-429',
        substatus=3200, retry_after_ms=retry_after_ms))


SORT_NOT_INDEXED = 'The index path corresponding to the specified order-by item is excluded.'
TTL_NOT_ON_TS = "The 'expireAfterSeconds' option is supported on '_ts' field only."
UNIQUE_ON_DATA = ('The unique index cannot be modified. To change the unique index, remove the collection and '
                  're-create a new one.')
RETRYABLE_WRITES = ('Retryable writes are not supported. Please disable retryable writes by specifying '
                    '"retrywrites=false" in the connection string or an equivalent driver specific config.')
SHARD_KEY_NOT_TARGETED = 'query in command must target a single shard key'
SHARD_KEY_MISSING = 'document does not contain shard key'
TOO_LARGE = 'Request size is too large'

CAPABILITIES = ('EnableMongoRetryableWrites', 'EnableTtlOnCustomPath', 'EnableMongo16MBDocumentSupport',
                'DisableRateLimitingResponses')


# ------------------------------------------------------------ the fault hook (every profile)

class ThrottleHooks:
    """`standinThrottleNext`, armed per database: after `skip` matching commands the next `count` answer 16500
    without executing, or, with `opIndex`, apply their ops before that index and fail it with a writeError 16500."""

    def __init__(self):
        self._armed = {}          # database -> hook

    def arm(self, db_name, cmd):
        count = int(cmd.get('standinThrottleNext') or 0)
        if count <= 0:
            self._armed.pop(db_name, None)
            return {'ok': 1.0, 'armed': 0}
        commands = cmd.get('commands')
        if commands is not None and not (isinstance(commands, list) and all(isinstance(c, str) for c in commands)):
            raise CommandError(2, 'standinThrottleNext: commands must be a list of command names')
        op_index = cmd.get('opIndex')
        if op_index is not None and (not isinstance(op_index, int) or op_index < 0):
            raise CommandError(2, 'standinThrottleNext: opIndex must be a non-negative integer')
        self._armed[db_name] = {
            'count': count, 'skip': int(cmd.get('skip') or 0), 'commands': set(commands) if commands else None,
            'collection': cmd.get('collection'), 'opIndex': op_index,
            'retryAfterMs': int(cmd.get('retryAfterMs') or 5)}
        return {'ok': 1.0, 'armed': count}

    def take(self, db_name, name, cmd):
        """None, or (op_index or None, retry_after_ms) when this command is to be throttled."""
        hook = self._armed.get(db_name)
        if hook is None or not self._matches(hook, name, cmd):
            return None
        if hook['skip'] > 0:
            hook['skip'] -= 1
            return None
        hook['count'] -= 1
        if hook['count'] <= 0:
            del self._armed[db_name]
        return hook['opIndex'], hook['retryAfterMs']

    @staticmethod
    def _matches(hook, name, cmd):
        if name in HOUSEKEEPING or (hook['commands'] is not None and name not in hook['commands']):
            return False
        if hook['collection'] is not None and target_collection(name, cmd) != hook['collection']:
            return False
        if hook['opIndex'] is not None:
            ops = cmd.get({'insert': 'documents', 'update': 'updates', 'delete': 'deletes'}.get(name, ''), [])
            return len(ops) > hook['opIndex']
        return True


def throttled_write_error(index, retry_after_ms):
    return {'index': index, 'code': 16500, 'errmsg': str(too_many_requests(retry_after_ms))}


# ------------------------------------------------------------ mongodb: the plain profile

class NullMeter:
    """What a request costs, for profiles that do not meter: nothing (see cosmos_ru.Meter)."""

    def read(self, coll, query, examined=None):
        pass

    def returned(self, docs):
        pass

    def wrote(self, per_kb, kbs):
        pass


NULL_METER = NullMeter()


class MongoDbProfile:
    name = 'mongodb'
    max_write_batch = 100000

    def __init__(self, args):
        self.args = args

    def admit(self, db_name, name):
        """Called before the global lock is taken; may refuse the command (throttling) by raising CommandError."""

    def begin(self, db, name, cmd, conn):
        """Called before a command runs; may refuse it by raising CommandError. Returns the request's meter."""
        return NULL_METER

    def end(self, db_name, name, cmd, conn, meter, reply, seconds):
        """Called after a command ran."""

    def refused(self, db_name, name, conn, code):
        """Called when a command was refused before it ran."""

    # Around each document write: `apply` performs it.
    def insert(self, coll, doc, meter, apply):
        return apply()

    def update(self, coll, query, multi, meter, apply):
        return apply()

    def delete(self, coll, query, many, meter, apply):
        return apply()

    def cursor_expired(self, cursor, now):
        return False

    def commands(self):
        """Commands only this profile knows."""
        return {}


# ------------------------------------------------------------ documentdb (vCore)

class DocumentDbProfile(MongoDbProfile):
    """Azure Cosmos DB for MongoDB vCore: a cursor lives at most --cursor-lifetime-seconds from its creation, and a
    write batch holds at most 25,000 operations."""
    name = 'documentdb'
    max_write_batch = 25000

    def cursor_expired(self, cursor, now):
        return now - cursor['created'] > self.args.cursor_lifetime_seconds

    def begin(self, db, name, cmd, conn):
        for field in ('documents', 'updates', 'deletes'):
            if name in WRITES and len(cmd.get(field) or []) > self.max_write_batch:
                raise CommandError(2, 'Write batch sizes must be between 1 and %d. Got %d operations.'
                                   % (self.max_write_batch, len(cmd[field])))
        return NULL_METER
