# Test double of Microsoft.PowerShell.SecretManagement 1.1.2 over in-memory vaults (one store per module
# instance, i.e. per session): Get-Secret, Set-Secret, Get-SecretInfo, Remove-Secret, Get-SecretVault,
# Register-/Unregister-SecretVault and Set-SecretVaultDefault follow the real module's observed contract
# (return types, error ids, terminating or not). A vault 'TestVault' is registered and default at import;
# Register-TestSecretVault / Clear-TestSecretVault are test-only helpers.
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '1.1.2'
    GUID              = 'a5c858f6-4a8e-41f1-b1ee-0e3ef1a2c0aa'
    Author            = 'PartooKeys tests'
    Description       = 'In-memory test double of SecretManagement for PartooKeys tests.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @('Use-TestSecretStore', 'Get-Secret', 'Set-Secret', 'Get-SecretInfo', 'Remove-Secret', 'Get-SecretVault', 'Register-SecretVault',
                          'Unregister-SecretVault', 'Set-SecretVaultDefault', 'Register-TestSecretVault', 'Clear-TestSecretVault',
                          'Set-TestSecretGate')
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
