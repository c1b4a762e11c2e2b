using System.Text.Json;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;

namespace TinyCloud.Shared.Storage;

/// <summary>Stores C# properties as snake_case fields, the names the original API's documents used.</summary>
public sealed class SnakeCaseElementNameConvention() : ConventionBase("SnakeCaseElementName"), IMemberMapConvention
{
    public void Apply(BsonMemberMap memberMap)
    {
        if (memberMap.MemberName != "Id")
            memberMap.SetElementName(JsonNamingPolicy.SnakeCaseLower.ConvertName(memberMap.MemberName));
    }

    public static void Register() =>
        ConventionRegistry.Register(
            "TinyCloud",
            new ConventionPack { new SnakeCaseElementNameConvention(), new IgnoreExtraElementsConvention(true) },
            type => type.Namespace?.StartsWith("TinyCloud", StringComparison.Ordinal) == true);
}
