using System.Diagnostics.CodeAnalysis;

namespace Maildriver.Runtime.Persistence;

/// <summary>
/// Builds and loads <see cref="PersistentState{TState}"/> for a state type known only at run time, so activation
/// can bind <c>[PersistentState("name")] IPersistentState&lt;T&gt;</c> constructor parameters.
/// </summary>
internal static class PersistentStateFactory
{
    /// <summary>Whether <paramref name="parameterType"/> is <c>IPersistentState&lt;T&gt;</c>, and its <c>T</c>.</summary>
    public static bool IsPersistentState(Type parameterType, [NotNullWhen(true)] out Type? stateType)
    {
        ArgumentNullException.ThrowIfNull(parameterType);
        if (parameterType.IsGenericType && parameterType.GetGenericTypeDefinition() == typeof(IPersistentState<>))
        {
            stateType = parameterType.GetGenericArguments()[0];
            return true;
        }

        stateType = null;
        return false;
    }

    /// <summary>A new, unread <see cref="PersistentState{TState}"/> with <c>TState</c> = <paramref name="stateType"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="stateType"/> has no public parameterless constructor.</exception>
    public static object Create(Type stateType, GrainId grainId, string stateName, IGrainStorage storage)
    {
        ArgumentNullException.ThrowIfNull(stateType);
        Type closed;
        try
        {
            closed = typeof(PersistentState<>).MakeGenericType(stateType);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"State '{stateName}' of {grainId}: {stateType.FullName} cannot be persistent state; it needs a public parameterless constructor.",
                nameof(stateType),
                e);
        }

        return Activator.CreateInstance(closed, grainId, stateName, storage)!;
    }

    /// <summary>Reads the stored state into an object <see cref="Create"/> returned.</summary>
    public static Task ReadAsync(object persistentState, CancellationToken cancellationToken)
        => persistentState is IPersistentStateLoader loader
            ? loader.ReadStateAsync(cancellationToken)
            : throw new ArgumentException($"{persistentState?.GetType().FullName ?? "null"} is not a persistent state.", nameof(persistentState));
}
