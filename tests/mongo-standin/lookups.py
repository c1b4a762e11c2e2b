"""Lookups instead of scans, where mongomock scans the whole collection.

1. Unique-index checks. mongomock checks a unique index after every insert and
   update by querying the whole collection for the written document's key:
   inserting N documents costs N^2 filter evaluations, which made a collection
   of 100,000 entries impossible to seed or clean up. Here each collection store
   keeps, per unique index, a map key -> ids of the documents holding it, built
   once from the documents and kept current by every write that goes through the
   store (insert, replace, rollback, delete) and by the check itself (an update
   changes its document in place and then asks for the check).
   The map is a hint, never the judge: before it refuses a write, the other
   document is looked up and its key computed again; ids whose document is gone
   or changed behind the map's back are moved or dropped. So the map can only
   make a check faster, not give a different answer.

2. Filters on a plain `_id` value. Only the document stored under that id can
   match, so it alone is tested against the whole filter (every single-document
   write of the app names its `_id`). Operators (`{_id: {$gt: ...}}`), documents
   and arrays as ids take the scan as before.

3. Filters with a plain equality on a field an index starts with (`user_id`
   leads every index of the per-user collections), as a real server would use
   that index: a map value -> ids, kept like the unique maps, gives the
   candidates, each tested against the whole filter in stored order. Once any
   document holds an array, a document or null there (an equality could then
   match by element) the field is scanned again. Unlike the unique maps this
   one must not miss a document: every change of a stored document goes through
   the store or through mongomock's unique check after an in-place update, and
   both file the document anew.
"""
import bson.int64
import bson.objectid
import mongomock.collection
import mongomock.filtering
import mongomock.helpers
import mongomock.store


def hashable(value):
    if isinstance(value, dict):
        return tuple((k, hashable(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(hashable(v) for v in value)
    return value


def index_key_values(index, doc):
    """{field: value} of `doc` for the fields of an index (missing -> None)."""
    values = {}
    for field, _ in index['key']:
        try:
            values[field] = mongomock.helpers.get_value_by_dot(doc, field)
        except KeyError:
            values[field] = None
    return values


def doc_key(index, doc):
    """The document's key in a unique index, or None when the index leaves it out
    (sparse and every field missing, or outside the partial filter)."""
    values = index_key_values(index, doc)
    if index.get('sparse') and all(v is None for v in values.values()):
        return None
    partial = index.get('partialFilterExpression')
    if partial is not None and not mongomock.filtering.filter_applies(partial, doc):
        return None
    return hashable(list(values.values()))


POINT_TYPES = (bson.objectid.ObjectId, str, int, bson.int64.Int64, float)
_NOT_PLAIN = object()                         # a value a plain equality filter may not look up (array, document...)


class _KeyMap:
    """key -> ids of the documents with that key (None: left out), in the order the documents were filed."""

    def __init__(self, key_of, built_for, documents):
        self.key_of = key_of
        self.built_for = built_for
        self.by_key = {}
        self.by_id = {}
        self.not_plain = 0                    # documents filed under _NOT_PLAIN
        for doc in documents:
            self.note(doc['_id'], doc)

    def note(self, doc_id, doc):
        """Files the document under its current key (doc None: it is gone); returns the key."""
        key = None if doc is None else self.key_of(doc)
        old = self.by_id.get(doc_id)
        if old is not None and old == key and type(old) is type(key):
            return key
        if old is not None:
            del self.by_id[doc_id]
            self.not_plain -= old is _NOT_PLAIN
            ids = self.by_key.get(old)
            if ids is not None:
                ids.pop(doc_id, None)
                if not ids:
                    del self.by_key[old]
        if key is not None:
            self.by_id[doc_id] = key
            self.not_plain += key is _NOT_PLAIN
            self.by_key.setdefault(key, {})[doc_id] = None
        return key


def _maps(store):
    maps = store.__dict__.get('_lookup_maps')
    if maps is None:
        maps = store.__dict__['_lookup_maps'] = {}
    return maps


def _map(store, name, key_of, built_for):
    maps = _maps(store)
    key_map = maps.get(name)
    if key_map is None or key_map.built_for is not built_for:
        key_map = maps[name] = _KeyMap(key_of, built_for, list(store._documents.values()))
    return key_map


def holder_of_same_key(store, name, index, doc):
    """The id of another document with `doc`'s key in the unique index, else None.
    `doc` is already stored (mongomock checks after writing)."""
    key_map = _map(store, ('unique', name), lambda d: doc_key(index, d), index)
    key = key_map.note(doc['_id'], doc)
    if key is None:
        return None
    for other in list(key_map.by_key.get(key, ())):
        if other == doc['_id']:
            continue
        current = store._documents.get(other)
        if current is not None and doc_key(index, current) == key:
            return other
        key_map.note(other, current)          # stale: moved or deleted behind the map's back
    return None


def note_changed(store, doc):
    """An update changed `doc` in place (mongomock then runs its unique check, which calls this)."""
    for key_map in _maps(store).values():
        key_map.note(doc['_id'], doc)


def _plain_value(field):
    def key_of(doc):
        value = doc.get(field)
        if value is None:
            return None if field not in doc else _NOT_PLAIN
        return value if type(value) in POINT_TYPES else _NOT_PLAIN
    return key_of


def _leads_an_index(store, field):
    """Whether an index starts with `field`: what a real server would serve an equality on it from."""
    return any(name != '_id_' and ix['key'][0][0] == field for name, ix in store.indexes.items())


_iter_documents = mongomock.collection.Collection._iter_documents


def _iter_documents_indexed(self, filter):
    if isinstance(filter, dict):
        doc_id = filter.get('_id')
        if type(doc_id) in POINT_TYPES:
            doc = self._store._documents.get(doc_id)
            return iter([doc] if doc is not None and mongomock.filtering.filter_applies(filter, doc) else [])
        for field, value in filter.items():
            if type(value) not in POINT_TYPES or '.' in field or field.startswith('$'):
                continue
            if not _leads_an_index(self._store, field):
                continue
            key_map = _map(self._store, ('field', field), _plain_value(field), _NOT_PLAIN)  # kept, whatever the indexes
            if key_map.not_plain:
                continue                      # an array would match by element: scan
            stored = self._store._documents
            docs = [stored[i] for i in key_map.by_key.get(value, ()) if i in stored]
            return (d for d in docs if mongomock.filtering.filter_applies(filter, d))
    return _iter_documents(self, filter)


_set_item = mongomock.store.CollectionStore.__setitem__
_del_item = mongomock.store.CollectionStore.__delitem__
_drop = mongomock.store.CollectionStore.drop


def _setitem_noting(self, key, val):
    _set_item(self, key, val)
    for key_map in _maps(self).values():
        key_map.note(key, val)


def _delitem_noting(self, key):
    _del_item(self, key)
    for key_map in _maps(self).values():
        key_map.note(key, None)


def _drop_forgetting(self):
    _drop(self)
    _maps(self).clear()


def install():
    mongomock.collection.Collection._iter_documents = _iter_documents_indexed
    mongomock.store.CollectionStore.__setitem__ = _setitem_noting
    mongomock.store.CollectionStore.__delitem__ = _delitem_noting
    mongomock.store.CollectionStore.drop = _drop_forgetting
