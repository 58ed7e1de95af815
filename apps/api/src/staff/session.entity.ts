// Temporary: Session moved to sessions/session.entity.ts; removed once no file imports this path.
export { Session, type SessionSubject } from '../sessions/session.entity';
