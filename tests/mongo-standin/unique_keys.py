"""Unique-index checks by lookup instead of by scan.

mongomock checks a unique index after every insert and update by querying the
whole collection for the written document's key: inserting N documents costs
N^2 filter evaluations, which made a collection of 100,000 entries impossible
to seed or clean up. Here each collection store keeps, per unique index, a map
key -> ids of the documents holding it, built once from the documents and kept
current by every write that goes through the store (insert, replace, rollback,
delete) and by the check itself (an update changes its document in place and
then asks for the check).

The map is a hint, never the judge: before it refuses a write, the other
document is looked up and its key computed again; ids whose document is gone
or changed behind the map's back are moved or dropped. So the map can only
make a check faster, not give a different answer.
"""
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


class _KeyMap:
    def __init__(self, index, documents):
        self.index = index                    # the index dict it was built for
        self.by_key = {}
        self.by_id = {}
        for doc in documents:
            self.note(doc['_id'], doc)

    def note(self, doc_id, doc):
        """Files the document under its current key (doc None: it is gone); returns the key."""
        key = None if doc is None else doc_key(self.index, doc)
        old = self.by_id.pop(doc_id, None)
        if old is not None:
            ids = self.by_key.get(old)
            if ids is not None:
                ids.discard(doc_id)
                if not ids:
                    del self.by_key[old]
        if key is not None:
            self.by_id[doc_id] = key
            self.by_key.setdefault(key, set()).add(doc_id)
        return key


def _maps(store):
    maps = store.__dict__.get('_unique_key_maps')
    if maps is None:
        maps = store.__dict__['_unique_key_maps'] = {}
    return maps


def holder_of_same_key(store, name, index, doc):
    """The id of another document with `doc`'s key in the unique index, else None.
    `doc` is already stored (mongomock checks after writing)."""
    maps = _maps(store)
    key_map = maps.get(name)
    if key_map is None or key_map.index is not index:
        key_map = maps[name] = _KeyMap(index, list(store._documents.values()))
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
    mongomock.store.CollectionStore.__setitem__ = _setitem_noting
    mongomock.store.CollectionStore.__delitem__ = _delitem_noting
    mongomock.store.CollectionStore.drop = _drop_forgetting
