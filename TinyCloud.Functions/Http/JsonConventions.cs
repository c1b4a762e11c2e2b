using System.Text.Json;
using System.Text.Json.Serialization;

namespace TinyCloud.Functions.Http;

public static class JsonConventions
{
    /// <summary>snake_case names; nullability, required constructor parameters and real JSON numbers enforced on read.</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        // The web defaults read numbers from strings ("5"); a number must be a JSON number.
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}
