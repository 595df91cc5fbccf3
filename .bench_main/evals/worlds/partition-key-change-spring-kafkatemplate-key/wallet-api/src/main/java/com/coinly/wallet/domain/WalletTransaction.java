package com.coinly.wallet.domain;

public record WalletTransaction(String transactionId, String accountId, Type type, long amountMinor) {

    public enum Type { DEPOSIT, WITHDRAWAL, TRANSFER_IN, TRANSFER_OUT, FEE }
}
