namespace Maildriver.Runtime.Activation;

/// <summary>The life of an activation.</summary>
internal enum ActivationState
{
    /// <summary>Being created; calls wait.</summary>
    Activating,
    /// <summary>Serving calls.</summary>
    Valid,
    /// <summary>Running OnDeactivateAsync; new calls go to the next activation.</summary>
    Deactivating,
    /// <summary>Gone (deactivated, failed to activate, or its silo was killed).</summary>
    Invalid,
}
