using System.Runtime.CompilerServices;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>
/// A test of something Cosmos DB RU refuses by design, skipped (with the reason) when the suite runs under the
/// stand-in's cosmos-ru profile.
/// </summary>
public sealed class NotOnCosmosRuFactAttribute : FactAttribute
{
    public NotOnCosmosRuFactAttribute(string why, [CallerFilePath] string? sourceFilePath = null,
        [CallerLineNumber] int sourceLineNumber = -1) : base(sourceFilePath, sourceLineNumber)
    {
        if (Backends.StandInProfile == "cosmos-ru")
            Skip = "Not on Cosmos DB RU: " + why;
    }
}

/// <summary>A test of how the worker meets what Cosmos DB RU refuses: run only under the stand-in's cosmos-ru profile.</summary>
public sealed class OnlyOnCosmosRuFactAttribute : FactAttribute
{
    public OnlyOnCosmosRuFactAttribute([CallerFilePath] string? sourceFilePath = null,
        [CallerLineNumber] int sourceLineNumber = -1) : base(sourceFilePath, sourceLineNumber)
    {
        if (Backends.StandInProfile != "cosmos-ru")
            Skip = "Only under the stand-in's cosmos-ru profile (TINYCLOUD_STANDIN_PROFILE=cosmos-ru, the second pass of .ci/run).";
    }
}

/// <summary>
/// Marks a test class whose outcome depends on the MongoDB flavor the backends run: .ci/run runs these once more on the
/// stand-in's plain mongodb profile (<c>--filter-trait Flavor=Dependent</c>) after the whole suite ran on cosmos-ru.
/// </summary>
public static class Flavor
{
    public const string Trait = "Flavor";
    public const string Dependent = "Dependent";
}
