using Microsoft.EntityFrameworkCore;

namespace Platform.Data;

/// <summary>
/// One database engine the store runs on: how a context connects to it and which migrations assembly holds its
/// schema. Registered under its <see cref="DatabaseOptions.Provider"/> key; <c>Platform:Database:Provider</c> picks one.
/// </summary>
public interface IDatabaseEngine
{
    /// <summary>Points <paramref name="options"/> at the configured database.</summary>
    void Configure(DbContextOptionsBuilder options, string connectionString);
}
