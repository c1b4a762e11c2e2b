using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace TinyCloud.Shared.Storage;

/// <summary>Stores an enum as its lower-case name, the strings the documents held before the enum existed.</summary>
public sealed class LowerCaseEnumSerializer<T> : StructSerializerBase<T> where T : struct, Enum
{
    public override T Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var text = context.Reader.ReadString();
        return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new FormatException($"'{text}' is not a {typeof(T).Name}.");
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, T value) =>
        context.Writer.WriteString(Name(value));

    /// <summary>The stored form of <paramref name="value"/>, for filters and documents written without the class map.</summary>
    public static string Name(T value) => value.ToString().ToLowerInvariant();
}
