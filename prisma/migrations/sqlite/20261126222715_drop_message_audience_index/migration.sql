-- DropIndex
DROP INDEX "Message_conversationId_audience_seq_idx";

