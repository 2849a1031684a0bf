/**
 * Test-only: a TCP server that speaks AMI as Asterisk's manager.c does (the banner, Login with its
 * ActionID, the CoreShowChannels listing, Ping) and replays a scripted session per connection, so a
 * test can refuse a login, cut the connection mid-call and take the client's reconnection.
 */
import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { coreShowChannel, coreShowChannelsComplete, type Leg } from './ami-fixtures.ts';
import { AmiFrame, AmiFrameReader, type AmiHeader, formatFrame } from './ami-frame.ts';

export interface ListedChannel {
  leg: Leg;
  bridgeId?: string;
  application?: string;
  applicationData?: string;
  /** How long the channel has existed. */
  seconds: number;
}

/** What one connection does; connections beyond the scripted ones log in and stay quiet. */
export interface ReplaySession {
  refuseLogin?: boolean;
  /** The channels up when the client lists them. */
  channels?: ListedChannel[];
  /** Streamed once the client has listed the channels, as the PBX's later events. */
  events?: AmiFrame[];
  /** Closes the connection after the events, as a PBX restart or a cut link would. */
  thenDrop?: boolean;
}

export interface AmiReplayServer {
  port: number;
  /** Every action received, across connections. */
  actions: AmiFrame[];
  connections(): number;
  /** Moves on to scripts appended later. */
  sessions: ReplaySession[];
  close(): Promise<void>;
}

const hhmmss = (seconds: number) =>
  [seconds / 3600, (seconds % 3600) / 60, seconds % 60]
    .map((part) => String(Math.floor(part)).padStart(2, '0'))
    .join(':');

export async function startAmiReplayServer(options: {
  username: string;
  secret: string;
  sessions: ReplaySession[];
}): Promise<AmiReplayServer> {
  const actions: AmiFrame[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    const session = options.sessions[connections] ?? {};
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const reader = new AmiFrameReader({ banner: false });
    const send = (...frames: (AmiFrame | AmiHeader[])[]) => {
      if (socket.destroyed) return;
      socket.write(
        frames.map((frame) => formatFrame(frame instanceof AmiFrame ? frame.headers : frame)).join(''),
      );
    };
    socket.write('Asterisk Call Manager/9.0.0\r\n');
    socket.on('data', (chunk: Buffer) => {
      for (const action of reader.push(chunk).frames) {
        actions.push(action);
        const id: AmiHeader = ['ActionID', action.get('ActionID') ?? ''];
        switch (action.get('Action')?.toLowerCase()) {
          case 'login': {
            const accepted =
              !session.refuseLogin &&
              action.get('Username') === options.username &&
              action.get('Secret') === options.secret;
            if (accepted) {
              send([['Response', 'Success'], id, ['Message', 'Authentication accepted']]);
            } else {
              send([['Response', 'Error'], id, ['Message', 'Authentication failed']]);
              socket.end();
            }
            break;
          }
          case 'coreshowchannels': {
            const listed = session.channels ?? [];
            send(
              [['Response', 'Success'], id, ['EventList', 'start'], ['Message', 'Channels will follow']],
              ...listed.map((channel) =>
                coreShowChannel(channel.leg, id[1], {
                  bridgeId: channel.bridgeId ?? '',
                  application: channel.application ?? 'Dial',
                  applicationData: channel.applicationData ?? '',
                  duration: hhmmss(channel.seconds),
                }),
              ),
              coreShowChannelsComplete(id[1], listed.length),
              ...(session.events ?? []),
            );
            if (session.thenDrop) socket.end();
            break;
          }
          case 'ping':
            send([
              ['Response', 'Success'],
              id,
              ['Ping', 'Pong'],
              ['Timestamp', (Date.now() / 1000).toFixed(6)],
            ]);
            break;
          default:
            send([['Response', 'Error'], id, ['Message', 'Invalid/unknown command']]);
        }
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the AMI replay server has no port');
  return {
    port: address.port,
    actions,
    connections: () => connections,
    sessions: options.sessions,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** Retries `check` until it stops throwing, for effects that arrive over a socket. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
