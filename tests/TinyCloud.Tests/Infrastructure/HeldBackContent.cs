using System.Net;
using System.Net.Http.Headers;

namespace TinyCloud.Tests.Infrastructure;

/// <summary>A request body sent but for its last bytes, which go when the test says.</summary>
public sealed class HeldBackContent : HttpContent
{
    private readonly byte[] _body;
    private readonly int _heldBack;
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldBackContent(byte[] body, MediaTypeHeaderValue type, int heldBack)
    {
        (_body, _heldBack) = (body, heldBack);
        Headers.ContentType = type;
    }

    public Task HoldingAsync => _holding.Task;

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_body.AsMemory(0, _body.Length - _heldBack));
        await stream.FlushAsync();
        _holding.TrySetResult();
        await _release.Task;
        await stream.WriteAsync(_body.AsMemory(_body.Length - _heldBack));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}
