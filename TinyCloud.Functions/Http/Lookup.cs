using System.Diagnostics.CodeAnalysis;

namespace TinyCloud.Functions.Http;

/// <summary>
/// What a lookup found, or the error envelope that says why nothing was: one value, read with <see cref="Found"/>,
/// so a handler cannot use the one without having ruled out the other.
/// </summary>
public readonly struct Lookup<T> where T : class
{
    private readonly T? _value;
    private readonly ErrorResult? _error;

    private Lookup(T? value, ErrorResult? error) => (_value, _error) = (value, error);

    public static Lookup<T> Of(T value) => new(value, null);

    public static implicit operator Lookup<T>(ErrorResult error) => new(null, error);

    public bool Found([NotNullWhen(true)] out T? value, [NotNullWhen(false)] out ErrorResult? error)
    {
        (value, error) = (_value, _error ?? (_value is null ? Api.NotFound("Not found.") : null));
        return value is not null;
    }
}
