namespace FunctionsHost;

/// <summary>The emulator's own error answers: <c>{"result":"error","error":"..."}</c> as application/json.</summary>
public static class ErrorEnvelope
{
    public static Task WriteAsync(HttpContext context, int status, string error)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { result = "error", error }, context.RequestAborted);
    }
}
