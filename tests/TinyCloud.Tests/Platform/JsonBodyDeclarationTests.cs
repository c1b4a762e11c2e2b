using System.Text.RegularExpressions;
using TinyCloud.Functions.Platform;
using TinyCloud.Tests.Infrastructure;

namespace TinyCloud.Tests.Platform;

/// <summary>
/// A JSON function names its body type twice: <c>[JsonBody&lt;T&gt;]</c>, which the gate reads and validates, and
/// <c>request.Body&lt;T&gt;()</c>, which the function reads. A mismatch would be an InvalidCastException at run time;
/// this catalog check makes it a failing test instead.
/// </summary>
public sealed partial class JsonBodyDeclarationTests
{
    [Fact]
    public void EveryFunctionReadsTheBodyTypeItDeclares()
    {
        var sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "TinyCloud.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), File.ReadAllText);
        var checkedFunctions = 0;
        foreach (var function in FunctionCatalog.All.Where(f => f.RequestBody is not null))
        {
            var type = function.Method.DeclaringType!;
            sources.TryGetValue(type.Name, out var source).ShouldBeTrue($"{type.Name}.cs holds the function {function.Name}");
            var read = BodyRead().Matches(source!).Select(m => m.Groups["type"].Value).Distinct().ToList();
            read.ShouldBe([function.RequestBody!.Name], $"{function.Name} declares [JsonBody<{function.RequestBody.Name}>]");
            checkedFunctions++;
        }
        checkedFunctions.ShouldBeGreaterThanOrEqualTo(25);
    }

    [GeneratedRegex(@"\.Body<(?<type>\w+)>\(\)")]
    private static partial Regex BodyRead();
}
